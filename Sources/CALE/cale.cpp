#include "cale.h"

#include <ale/ale_interface.hpp>
#include <ale/emucore/MD5.hxx>
#include <ale/games/Roms.hpp>

#include <algorithm>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct cale_env {
  ale::ALEInterface ale;
};

namespace {

thread_local std::string last_error;

const char *failure(std::string message) {
  last_error = std::move(message);
  return last_error.c_str();
}

// Runs `body`, turning any C++ exception into an error message.
template <typename Body> const char *guarded(Body &&body) {
  try {
    return body();
  } catch (const std::exception &e) {
    return failure(e.what());
  } catch (...) {
    return failure("unknown C++ exception in ALE");
  }
}

// ALE's logger level is process-wide; set it once, before the first ALEInterface prints its banner.
void silence_ale() {
  static std::once_flag once;
  std::call_once(once, [] { ale::Logger::setMode(ale::Logger::Error); });
}

bool rom_loaded(const cale_env *env) { return env->ale.environment != nullptr; }

// ALE matches a ROM by MD5 first and by file name second, then exits the process when neither fits.
// Accept only exact MD5 matches, so a renamed or damaged file is an error here rather than in ALE.
const char *check_rom(const char *path, std::string &name) {
  if (path == nullptr || *path == '\0') return failure("no ROM path given");
  std::error_code code;
  const std::filesystem::path rom(path);
  if (!std::filesystem::is_regular_file(rom, code))
    return failure(std::string("ROM file not found: ") + path);
  std::ifstream file(rom, std::ios::binary);
  if (!file.good()) return failure(std::string("cannot read ROM file: ") + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return failure(std::string("ROM file is empty: ") + path);
  const std::string md5 = ale::stella::MD5(bytes.data(), static_cast<uint32_t>(bytes.size()));
  std::unique_ptr<ale::RomSettings> settings(ale::buildRomRLWrapper(rom, md5));
  if (!settings || settings->md5() != md5)
    return failure(std::string("unsupported ROM (MD5 ") + md5 + " is not one ALE " + ALE_VERSION +
                   " supports): " + path);
  name = settings->rom();
  return nullptr;
}

const char *need_rom(const cale_env *env) {
  if (env == nullptr) return failure("no emulator (null handle)");
  if (!rom_loaded(env)) return failure("no ROM loaded");
  return nullptr;
}

const char *copy_actions(const ale::ActionVect &actions, int *dst, size_t capacity, size_t *count) {
  *count = actions.size();
  for (size_t i = 0; i < actions.size() && i < capacity; ++i) dst[i] = static_cast<int>(actions[i]);
  return nullptr;
}

}  // namespace

extern "C" {

const char *cale_version(void) { return ALE_VERSION; }

const char *cale_create(cale_env **out) {
  return guarded([&]() -> const char * {
    silence_ale();
    *out = new cale_env();
    return nullptr;
  });
}

void cale_destroy(cale_env *env) {
  try {
    delete env;
  } catch (...) {
  }
}

const char *cale_set_int(cale_env *env, const char *key, int value) {
  return guarded([&]() -> const char * {
    if (env == nullptr) return failure("no emulator (null handle)");
    env->ale.setInt(key, value);
    return nullptr;
  });
}

const char *cale_set_float(cale_env *env, const char *key, float value) {
  return guarded([&]() -> const char * {
    if (env == nullptr) return failure("no emulator (null handle)");
    env->ale.setFloat(key, value);
    return nullptr;
  });
}

const char *cale_set_bool(cale_env *env, const char *key, bool value) {
  return guarded([&]() -> const char * {
    if (env == nullptr) return failure("no emulator (null handle)");
    env->ale.setBool(key, value);
    return nullptr;
  });
}

const char *cale_set_string(cale_env *env, const char *key, const char *value) {
  return guarded([&]() -> const char * {
    if (env == nullptr) return failure("no emulator (null handle)");
    env->ale.setString(key, value);
    return nullptr;
  });
}

const char *cale_check_rom(const char *path, char *name, size_t capacity) {
  return guarded([&]() -> const char * {
    std::string found;
    if (const char *error = check_rom(path, found)) return error;
    if (name != nullptr && capacity > 0) {
      const size_t n = std::min(found.size(), capacity - 1);
      std::memcpy(name, found.data(), n);
      name[n] = '\0';
    }
    return nullptr;
  });
}

const char *cale_load_rom(cale_env *env, const char *path) {
  return guarded([&]() -> const char * {
    if (env == nullptr) return failure("no emulator (null handle)");
    std::string found;
    if (const char *error = check_rom(path, found)) return error;
    env->ale.loadROM(path);
    return nullptr;
  });
}

const char *cale_act(cale_env *env, int action, float paddle_strength, int *reward) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    if (action < 0 || action >= CALE_ACTION_COUNT)
      return failure("ALE action " + std::to_string(action) + " is out of range 0..17");
    *reward = env->ale.act(static_cast<ale::Action>(action), paddle_strength);
    return nullptr;
  });
}

const char *cale_reset(cale_env *env) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    env->ale.reset_game();
    return nullptr;
  });
}

const char *cale_game_over(cale_env *env, bool *game_over) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    *game_over = env->ale.game_over();
    return nullptr;
  });
}

const char *cale_lives(cale_env *env, int *lives) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    *lives = env->ale.lives();
    return nullptr;
  });
}

const char *cale_frame_number(cale_env *env, int *episode_frame, int *total_frame) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    *episode_frame = env->ale.getEpisodeFrameNumber();
    *total_frame = env->ale.getFrameNumber();
    return nullptr;
  });
}

const char *cale_screen_size(cale_env *env, int *height, int *width) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const ale::ALEScreen &screen = env->ale.getScreen();
    *height = static_cast<int>(screen.height());
    *width = static_cast<int>(screen.width());
    return nullptr;
  });
}

const char *cale_screen_gray(cale_env *env, uint8_t *dst, size_t capacity) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const ale::ALEScreen &screen = env->ale.getScreen();
    const size_t pixels = screen.height() * screen.width();
    if (capacity < pixels) return failure("gray screen buffer too small");
    env->ale.theOSystem->colourPalette().applyPaletteGrayscale(dst, screen.getArray(), pixels);
    return nullptr;
  });
}

const char *cale_screen_rgb(cale_env *env, uint8_t *dst, size_t capacity) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const ale::ALEScreen &screen = env->ale.getScreen();
    const size_t pixels = screen.height() * screen.width();
    if (capacity < pixels * 3) return failure("RGB screen buffer too small");
    env->ale.theOSystem->colourPalette().applyPaletteRGB(dst, screen.getArray(), pixels);
    return nullptr;
  });
}

const char *cale_screen_indices(cale_env *env, uint8_t *dst, size_t capacity) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const ale::ALEScreen &screen = env->ale.getScreen();
    const size_t pixels = screen.height() * screen.width();
    if (capacity < pixels) return failure("screen buffer too small");
    std::memcpy(dst, screen.getArray(), pixels);
    return nullptr;
  });
}

const char *cale_palette(cale_env *env, uint8_t *rgb, uint8_t *gray) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    // The palette's own conversions, applied to every pixel value; ALE keeps each value's luminance in
    // the odd entry after it, so only even values have one.
    uint8_t values[256], evens[128];
    for (int v = 0; v < 256; ++v) values[v] = static_cast<uint8_t>(v);
    for (int v = 0; v < 128; ++v) evens[v] = static_cast<uint8_t>(2 * v);
    uint8_t lum[128];
    auto &palette = env->ale.theOSystem->colourPalette();
    palette.applyPaletteRGB(rgb, values, 256);
    palette.applyPaletteGrayscale(lum, evens, 128);
    for (int v = 0; v < 256; ++v) gray[v] = lum[v / 2];
    return nullptr;
  });
}

const char *cale_ram(cale_env *env, uint8_t *dst, size_t capacity) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const ale::ALERAM &ram = env->ale.getRAM();
    if (capacity < ram.size()) return failure("RAM buffer too small");
    std::memcpy(dst, ram.array(), ram.size());
    return nullptr;
  });
}

const char *cale_clone_state(cale_env *env, uint8_t *dst, size_t capacity, size_t *size) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    const std::string bytes = env->ale.cloneState(true).serialize();
    *size = bytes.size();
    if (capacity >= bytes.size()) std::memcpy(dst, bytes.data(), bytes.size());
    return nullptr;
  });
}

const char *cale_restore_state(cale_env *env, const uint8_t *bytes, size_t size) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    env->ale.restoreState(ale::ALEState(std::string(reinterpret_cast<const char *>(bytes), size)));
    return nullptr;
  });
}

const char *cale_minimal_actions(cale_env *env, int *dst, size_t capacity, size_t *count) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    return copy_actions(env->ale.getMinimalActionSet(), dst, capacity, count);
  });
}

const char *cale_legal_actions(cale_env *env, int *dst, size_t capacity, size_t *count) {
  return guarded([&]() -> const char * {
    if (const char *error = need_rom(env)) return error;
    return copy_actions(env->ale.getLegalActionSet(), dst, capacity, count);
  });
}

}  // extern "C"

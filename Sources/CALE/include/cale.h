/* A plain-C view of the Arcade Learning Environment (ale::ALEInterface).
 *
 * Every function that can fail returns NULL on success or an error message. The message lives in
 * thread-local storage and stays valid until the next failing call on the same thread; copy it at once.
 * No call lets a C++ exception or ALE's own exit(1) escape: ROMs are validated before ALE loads them. */
#ifndef CALE_H
#define CALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One emulator. Not thread-safe: use each handle from one thread at a time. */
typedef struct cale_env cale_env;

/* The number of player-A actions ALE knows (NOOP = 0 ... DOWNLEFTFIRE = 17). */
#define CALE_ACTION_COUNT 18
/* Bytes of console RAM. */
#define CALE_RAM_SIZE 128

/* ALE's version, e.g. "0.12.1". */
const char *cale_version(void);

/* Creates an emulator with ALE's log level at Error (no banner). */
const char *cale_create(cale_env **out);
void cale_destroy(cale_env *env);

/* Settings by ALE's names ("random_seed", "repeat_action_probability", "frame_skip",
 * "max_num_frames_per_episode", ...). They take effect at the next cale_load_rom. */
const char *cale_set_int(cale_env *env, const char *key, int value);
const char *cale_set_float(cale_env *env, const char *key, float value);
const char *cale_set_bool(cale_env *env, const char *key, bool value);
const char *cale_set_string(cale_env *env, const char *key, const char *value);

/* Checks that `path` is a readable ROM whose MD5 ALE supports, without loading it. On success writes the
 * ROM's ALE name (e.g. "breakout") into `name` (NUL-terminated, truncated to `capacity`). */
const char *cale_check_rom(const char *path, char *name, size_t capacity);

/* Validates the ROM (as cale_check_rom), then loads it and resets the game. */
const char *cale_load_rom(cale_env *env, const char *path);

/* Applies one ALE action for ALE's frame_skip frames and writes the summed reward. */
const char *cale_act(cale_env *env, int action, float paddle_strength, int *reward);
const char *cale_reset(cale_env *env);
const char *cale_game_over(cale_env *env, bool *game_over);
const char *cale_lives(cale_env *env, int *lives);
const char *cale_frame_number(cale_env *env, int *episode_frame, int *total_frame);

const char *cale_screen_size(cale_env *env, int *height, int *width);
/* One byte per pixel, row-major; needs height * width bytes. */
const char *cale_screen_gray(cale_env *env, uint8_t *dst, size_t capacity);
/* Interleaved R, G, B, row-major; needs height * width * 3 bytes. */
const char *cale_screen_rgb(cale_env *env, uint8_t *dst, size_t capacity);
/* Raw pixel values (indices into the palette below), one byte per pixel; needs height * width bytes. */
const char *cale_screen_indices(cale_env *env, uint8_t *dst, size_t capacity);
/* The loaded ROM's palette: for each of the 256 pixel values, R, G, B (768 bytes) and the luminance that
 * cale_screen_gray reports (256 bytes). Pixel values are even; odd entries repeat their even neighbour. */
const char *cale_palette(cale_env *env, uint8_t *rgb, uint8_t *gray);
/* Needs CALE_RAM_SIZE bytes. */
const char *cale_ram(cale_env *env, uint8_t *dst, size_t capacity);

/* The emulator's complete state (system, game and random generator) as bytes: *size receives the
 * length; the bytes are copied into dst when capacity allows (call with capacity 0 to learn the size). */
const char *cale_clone_state(cale_env *env, uint8_t *dst, size_t capacity, size_t *size);
/* Restores a state from cale_clone_state of the same ROM. */
const char *cale_restore_state(cale_env *env, const uint8_t *bytes, size_t size);

/* ALE action ids; writes up to `capacity` of them and the full count into `count`. */
const char *cale_minimal_actions(cale_env *env, int *dst, size_t capacity, size_t *count);
const char *cale_legal_actions(cale_env *env, int *dst, size_t capacity, size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* CALE_H */

// Shared by the simulation and renderer sources: the handle layouts and MuJoCo error capture.
#pragma once

#include <mujoco/mujoco.h>

#include <exception>
#include <string>

#include "cmujoco.h"

struct cmj_simulation {
  mjModel* model = nullptr;
  mjData* data = nullptr;
};

namespace cmj {

/// Makes MuJoCo's fatal errors throw (instead of exiting) and keeps its warnings out of stdout and
/// MUJOCO_LOG.TXT; MuJoCo still counts warnings in mjData. Installed once per process.
void installHandlers();

/// Copies `message` into a caller's buffer, truncated and NUL-terminated.
void writeError(const std::string& message, char* error, int error_size);

/// Runs `body`, turning any exception (MuJoCo's errors included) into status 1 and a message.
template <typename Body>
int guarded(char* error, int error_size, Body&& body) {
  installHandlers();
  try {
    body();
    return 0;
  } catch (const std::exception& e) {
    writeError(e.what(), error, error_size);
  } catch (...) {
    writeError("unknown error", error, error_size);
  }
  return 1;
}

}  // namespace cmj

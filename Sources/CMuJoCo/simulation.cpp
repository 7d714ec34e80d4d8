// MuJoCo models and states behind the plain-C handle.
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include "internal.hpp"

namespace cmj {

namespace {
struct MuJoCoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void throwMuJoCoError(const char* message) { throw MuJoCoError(std::string("MuJoCo: ") + message); }
void keepWarningInData(const char*) {}
}  // namespace

void installHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_error = throwMuJoCoError;
    mju_user_warning = keepWarningInData;
  });
}

void writeError(const std::string& message, char* error, int error_size) {
  if (!error || error_size <= 0) return;
  std::size_t n = std::min(message.size(), static_cast<std::size_t>(error_size - 1));
  std::memcpy(error, message.data(), n);
  error[n] = 0;
}

}  // namespace cmj

namespace {
/// A forward pass without actuator forces, as a state set by hand has no meaningful controls yet.
void forwardWithoutActuation(const mjModel* m, mjData* d) {
  mjModel* model = const_cast<mjModel*>(m);
  int saved = model->opt.disableflags;
  model->opt.disableflags |= mjDSBL_ACTUATION;
  try {
    mj_forward(model, d);
  } catch (...) {
    model->opt.disableflags = saved;
    throw;
  }
  model->opt.disableflags = saved;
}

int objectType(cmj_object kind) {
  switch (kind) {
    case CMJ_BODY: return mjOBJ_BODY;
    case CMJ_JOINT: return mjOBJ_JOINT;
    case CMJ_GEOM: return mjOBJ_GEOM;
    case CMJ_SITE: return mjOBJ_SITE;
    case CMJ_CAMERA: return mjOBJ_CAMERA;
    case CMJ_ACTUATOR: return mjOBJ_ACTUATOR;
  }
  return mjOBJ_UNKNOWN;
}
}  // namespace

extern "C" {

const char* cmj_version(void) { return mj_versionString(); }

cmj_simulation* cmj_load(const char* xml_path, char* error, int error_size) {
  cmj_simulation* sim = nullptr;
  int status = cmj::guarded(error, error_size, [&] {
    char message[1000] = "";
    mjModel* model = mj_loadXML(xml_path, nullptr, message, sizeof message);
    if (!model) throw std::runtime_error(std::string("cannot load ") + xml_path + ": " + message);
    mjData* data = mj_makeData(model);
    if (!data) {
      mj_deleteModel(model);
      throw std::runtime_error("cannot allocate the simulation state");
    }
    sim = new cmj_simulation{model, data};
  });
  return status == 0 ? sim : nullptr;
}

void cmj_free(cmj_simulation* sim) {
  if (!sim) return;
  mj_deleteData(sim->data);
  mj_deleteModel(sim->model);
  delete sim;
}

cmj_sizes cmj_model_sizes(const cmj_simulation* sim) {
  const mjModel* m = sim->model;
  return {static_cast<int>(m->nq), static_cast<int>(m->nv), static_cast<int>(m->nu), static_cast<int>(m->nbody),
          static_cast<int>(m->njnt), static_cast<int>(m->ngeom), static_cast<int>(m->nsite),
          static_cast<int>(m->ncam)};
}

double cmj_timestep(const cmj_simulation* sim) { return sim->model->opt.timestep; }

int cmj_uses_rk4(const cmj_simulation* sim) { return sim->model->opt.integrator == mjINT_RK4; }

int cmj_name_to_id(const cmj_simulation* sim, cmj_object kind, const char* name) {
  return mj_name2id(sim->model, objectType(kind), name);
}

const char* cmj_id_to_name(const cmj_simulation* sim, cmj_object kind, int id) {
  const char* name = mj_id2name(sim->model, objectType(kind), id);
  return name ? name : "";
}

double* cmj_field_data(cmj_simulation* sim, cmj_field field, int* count) {
  mjModel* m = sim->model;
  mjData* d = sim->data;
  double* data = nullptr;
  long n = 0;
  switch (field) {
    case CMJ_QPOS: data = d->qpos; n = m->nq; break;
    case CMJ_QVEL: data = d->qvel; n = m->nv; break;
    case CMJ_CTRL: data = d->ctrl; n = m->nu; break;
    case CMJ_XPOS: data = d->xpos; n = 3L * m->nbody; break;
    case CMJ_XMAT: data = d->xmat; n = 9L * m->nbody; break;
    case CMJ_GEOM_XPOS: data = d->geom_xpos; n = 3L * m->ngeom; break;
    case CMJ_SITE_XPOS: data = d->site_xpos; n = 3L * m->nsite; break;
    case CMJ_GEOM_POS: data = m->geom_pos; n = 3L * m->ngeom; break;
    case CMJ_GEOM_SIZE: data = m->geom_size; n = 3L * m->ngeom; break;
    case CMJ_SITE_SIZE: data = m->site_size; n = 3L * m->nsite; break;
    case CMJ_JNT_RANGE: data = m->jnt_range; n = 2L * m->njnt; break;
    case CMJ_CTRL_RANGE: data = m->actuator_ctrlrange; n = 2L * m->nu; break;
  }
  if (count) *count = static_cast<int>(n);
  return data;
}

cmj_joint cmj_joint_info(const cmj_simulation* sim, int joint_id) {
  const mjModel* m = sim->model;
  if (joint_id < 0 || joint_id >= m->njnt) return {-1, 0, -1};
  return {m->jnt_type[joint_id], m->jnt_limited[joint_id], m->jnt_qposadr[joint_id]};
}

int cmj_contact_count(const cmj_simulation* sim) { return sim->data->ncon; }

int cmj_reset(cmj_simulation* sim, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] {
    mj_resetData(sim->model, sim->data);
    forwardWithoutActuation(sim->model, sim->data);
  });
}

int cmj_forward(cmj_simulation* sim, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] { forwardWithoutActuation(sim->model, sim->data); });
}

int cmj_state_size(cmj_simulation* sim) { return mj_stateSize(sim->model, mjSTATE_INTEGRATION); }

int cmj_get_state(cmj_simulation* sim, double* dst, int size, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] {
    if (size != mj_stateSize(sim->model, mjSTATE_INTEGRATION)) throw std::runtime_error("state buffer has the wrong size");
    mj_getState(sim->model, sim->data, dst, mjSTATE_INTEGRATION);
  });
}

int cmj_set_state(cmj_simulation* sim, const double* src, int size, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] {
    if (size != mj_stateSize(sim->model, mjSTATE_INTEGRATION)) {
      throw std::runtime_error("the saved state has " + std::to_string(size) + " values, this model needs "
                               + std::to_string(mj_stateSize(sim->model, mjSTATE_INTEGRATION)));
    }
    mj_setState(sim->model, sim->data, src, mjSTATE_INTEGRATION);
    mj_step1(sim->model, sim->data);
  });
}

int cmj_step(cmj_simulation* sim, int nstep, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] {
    mjModel* m = sim->model;
    mjData* d = sim->data;
    if (nstep < 1) return;
    int before[mjNWARNING];
    for (int i = 0; i < mjNWARNING; ++i) before[i] = d->warning[i].number;
    // Legacy stepping: with Euler, mj_step1 already ran for this state (or a forward pass did), so
    // finish it with mj_step2; RK4 has no split, so it takes whole steps. Either way mj_step1 at the
    // end brings positions, velocities and what depends on them up to date for rewards and rendering.
    if (m->opt.integrator == mjINT_RK4) {
      for (int i = 0; i < nstep; ++i) mj_step(m, d);
    } else {
      mj_step2(m, d);
      for (int i = 1; i < nstep; ++i) mj_step(m, d);
    }
    mj_step1(m, d);
    // Any new warning means an invalid state (as dm_control judges it): report the first.
    for (int i = 0; i < mjNWARNING; ++i) {
      if (d->warning[i].number > before[i]) {
        throw std::runtime_error(std::string("invalid physics state at time ") + std::to_string(d->time) + ": " +
                                 mju_warningText(i, d->warning[i].lastinfo));
      }
    }
  });
}

}  // extern "C"

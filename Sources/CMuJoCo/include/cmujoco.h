// A plain-C view of a MuJoCo simulation and of an offscreen OSMesa renderer for it.
//
// Opaque handles, no MuJoCo or GL types: Swift imports this header without MuJoCo's include path.
// Functions that can fail return NULL or a non-zero status and write a message into `error`
// (`error_size` bytes, always NUL-terminated); MuJoCo's own fatal errors become such messages
// instead of ending the process.
#ifndef CMUJOCO_H
#define CMUJOCO_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cmj_simulation cmj_simulation;
typedef struct cmj_renderer cmj_renderer;

/// MuJoCo's version string, e.g. "3.17.0".
const char* cmj_version(void);

// MARK: Simulation

/// Loads and compiles a model from an MJCF file (includes resolve relative to it).
cmj_simulation* cmj_load(const char* xml_path, char* error, int error_size);
void cmj_free(cmj_simulation* sim);

/// Sizes of the model.
typedef struct {
  int nq, nv, nu, nbody, njnt, ngeom, nsite, ncam;
} cmj_sizes;
cmj_sizes cmj_model_sizes(const cmj_simulation* sim);

/// Physics time step and whether the integrator is RK4.
double cmj_timestep(const cmj_simulation* sim);
int cmj_uses_rk4(const cmj_simulation* sim);

/// Object kinds for `cmj_name_to_id`.
typedef enum { CMJ_BODY, CMJ_JOINT, CMJ_GEOM, CMJ_SITE, CMJ_CAMERA, CMJ_ACTUATOR } cmj_object;
/// The id of a named object, or -1.
int cmj_name_to_id(const cmj_simulation* sim, cmj_object kind, const char* name);
/// The name of an object ("" when it has none or the id is out of range).
const char* cmj_id_to_name(const cmj_simulation* sim, cmj_object kind, int id);

/// Arrays of the model and of the state, row-major as MuJoCo stores them.
typedef enum {
  CMJ_QPOS,       // nq       state
  CMJ_QVEL,       // nv       state
  CMJ_CTRL,       // nu       controls
  CMJ_XPOS,       // nbody*3  body positions (computed)
  CMJ_XMAT,       // nbody*9  body orientations (computed)
  CMJ_GEOM_XPOS,  // ngeom*3  geom positions (computed)
  CMJ_SITE_XPOS,  // nsite*3  site positions (computed)
  CMJ_GEOM_POS,   // ngeom*3  model: geom offsets in their bodies
  CMJ_GEOM_SIZE,  // ngeom*3  model
  CMJ_SITE_SIZE,  // nsite*3  model
  CMJ_JNT_RANGE,  // njnt*2   model
  CMJ_CTRL_RANGE, // nu*2     model: actuator control ranges
} cmj_field;
/// The array behind `field` and its length in doubles (written to `count` when not NULL).
double* cmj_field_data(cmj_simulation* sim, cmj_field field, int* count);

/// A joint's type (MuJoCo's mjtJoint: 0 free, 1 ball, 2 slide, 3 hinge), limit flag and qpos address.
typedef struct {
  int type, limited, qpos_address;
} cmj_joint;
cmj_joint cmj_joint_info(const cmj_simulation* sim, int joint_id);

/// Contacts found by the last forward pass.
int cmj_contact_count(const cmj_simulation* sim);

/// mj_resetData, then a forward pass with actuation disabled.
int cmj_reset(cmj_simulation* sim, char* error, int error_size);
/// A forward pass with actuation disabled (after the state was set by hand).
int cmj_forward(cmj_simulation* sim, char* error, int error_size);
/// Advances `nstep` physics steps with the current controls, keeping positions and velocities and
/// everything computed from them current at the end (mj_step1 after the last step). Non-zero and a
/// message when MuJoCo failed or found the state diverging (a bad acceleration).
int cmj_step(cmj_simulation* sim, int nstep, char* error, int error_size);

/* The integration state (time, positions, velocities, activations, warm start, controls, applied
 * forces): its length in doubles, a copy of it, and a restore that leaves the simulation as a
 * step leaves it (mj_step1 done), so that the next step is the one the saved run would take. */
int cmj_state_size(cmj_simulation* sim);
int cmj_get_state(cmj_simulation* sim, double* dst, int size, char* error, int error_size);
int cmj_set_state(cmj_simulation* sim, const double* src, int size, char* error, int error_size);

// MARK: Rendering

/// What a renderer draws. A negative value in the model-derived fields keeps the model's setting.
typedef struct {
  int width, height;        // image size; must fit the offscreen buffer
  int camera;               // camera id (-1: MuJoCo's free camera)
  int shadow_size;          // shadow map texture size (0: no shadows)
  int samples;              // multisamples of the offscreen buffer (0: none)
  int offscreen_width;      // offscreen buffer size
  int offscreen_height;
} cmj_render_options;

/// 84x84, camera 0, and the model's own shadow, multisampling and buffer settings.
cmj_render_options cmj_default_render_options(void);

/// Makes an OSMesa context and MuJoCo's scene and render context for `sim`'s model. Writes the
/// options it applies into the model's visual settings. `sim` must outlive the renderer.
cmj_renderer* cmj_renderer_make(cmj_simulation* sim, const cmj_render_options* options, char* error,
                                int error_size);
void cmj_renderer_free(cmj_renderer* renderer);
/// The settings in force (negative fields resolved to the model's).
cmj_render_options cmj_renderer_options(const cmj_renderer* renderer);

/// Renders the simulation's current state into `rgb` (height*width*3 bytes, top row first, RGB
/// interleaved). One thread at a time per renderer; the GL context is made current on the calling thread.
int cmj_render(cmj_renderer* renderer, unsigned char* rgb, char* error, int error_size);

#ifdef __cplusplus
}
#endif

#endif

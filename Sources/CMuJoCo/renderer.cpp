// Offscreen rendering of a simulation with MuJoCo's OpenGL renderer in an OSMesa (CPU) context,
// set up as dm_control sets up its own, so that frames match its rendering.
#include <GL/osmesa.h>
#include <dlfcn.h>

#include <cstring>
#include <string>
#include <stdexcept>
#include <vector>

#include "internal.hpp"

struct cmj_renderer {
  cmj_simulation* sim = nullptr;
  cmj_render_options options{};
  OSMesaContext gl = nullptr;
  std::vector<float> glBuffer;  // the default framebuffer; MuJoCo draws into its own offscreen one
  mjvScene scene;
  mjrContext context;
  mjvOption option;
  mjvCamera camera;
  mjvPerturb perturb;
  std::vector<unsigned char> bottomUp;
  bool sceneMade = false;
  bool contextMade = false;
};

namespace {
// OSMesa is loaded when the first renderer is made rather than linked: only DMControl's pixels need it,
// and it brings LLVM along (over 100 MB), which a machine that only runs Atari need not have. It is
// loaded globally because MuJoCo finds the GL functions through OSMesaGetProcAddress by name.
struct OSMesaFunctions {
  decltype(&OSMesaCreateContextExt) createContext;
  decltype(&OSMesaMakeCurrent) makeCurrent;
  decltype(&OSMesaGetCurrentContext) currentContext;
  decltype(&OSMesaDestroyContext) destroyContext;
};

const OSMesaFunctions& osmesa() {
  // A failed load throws out of the initialiser, so the next renderer tries again.
  static const OSMesaFunctions loaded = [] {
    void* library = dlopen("libOSMesa.so.8", RTLD_NOW | RTLD_GLOBAL);
    if (!library) library = dlopen("libOSMesa.so", RTLD_NOW | RTLD_GLOBAL);
    if (!library) {
      const char* why = dlerror();
      throw std::runtime_error(std::string("rendering DMControl needs OSMesa (libOSMesa.so.8, Debian package "
                                           "libosmesa6): ") + (why ? why : "not found"));
    }
    auto symbol = [library](const char* name) {
      void* address = dlsym(library, name);
      if (!address) throw std::runtime_error(std::string("OSMesa lacks ") + name);
      return address;
    };
    return OSMesaFunctions{
        reinterpret_cast<decltype(&OSMesaCreateContextExt)>(symbol("OSMesaCreateContextExt")),
        reinterpret_cast<decltype(&OSMesaMakeCurrent)>(symbol("OSMesaMakeCurrent")),
        reinterpret_cast<decltype(&OSMesaGetCurrentContext)>(symbol("OSMesaGetCurrentContext")),
        reinterpret_cast<decltype(&OSMesaDestroyContext)>(symbol("OSMesaDestroyContext"))};
  }();
  return loaded;
}

// dm_control's OSMesa context: RGBA, 24 depth bits, 8 stencil bits, no accumulation buffer.
constexpr GLint depthBits = 24, stencilBits = 8, accumBits = 0;
// dm_control's scene size: room for 1000 geoms (its estimate for these models is smaller).
constexpr int maxGeoms = 1000;

void makeCurrent(cmj_renderer* r) {
  if (osmesa().currentContext() == r->gl) return;
  if (!osmesa().makeCurrent(r->gl, r->glBuffer.data(), GL_FLOAT, r->options.offscreen_width,
                         r->options.offscreen_height)) {
    throw std::runtime_error("cannot make the OSMesa context current");
  }
}

void release(cmj_renderer* r) {
  if (r->gl && r->contextMade) {
    try {
      makeCurrent(r);
      mjr_freeContext(&r->context);
    } catch (...) {
    }
  }
  if (r->sceneMade) mjv_freeScene(&r->scene);
  if (r->gl) {
    if (osmesa().currentContext() == r->gl) osmesa().makeCurrent(nullptr, nullptr, GL_FLOAT, 0, 0);
    osmesa().destroyContext(r->gl);
  }
  delete r;
}
}  // namespace

extern "C" {

cmj_render_options cmj_default_render_options(void) { return {84, 84, 0, -1, -1, -1, -1}; }

cmj_renderer* cmj_renderer_make(cmj_simulation* sim, const cmj_render_options* requested, char* error,
                                int error_size) {
  cmj_renderer* made = nullptr;
  cmj_renderer* r = new cmj_renderer;
  int status = cmj::guarded(error, error_size, [&] {
    mjModel* m = sim->model;
    cmj_render_options o = requested ? *requested : cmj_default_render_options();
    if (o.shadow_size >= 0) m->vis.quality.shadowsize = o.shadow_size;
    if (o.samples >= 0) m->vis.quality.offsamples = o.samples;
    if (o.offscreen_width > 0) m->vis.global.offwidth = o.offscreen_width;
    if (o.offscreen_height > 0) m->vis.global.offheight = o.offscreen_height;
    o.shadow_size = m->vis.quality.shadowsize;
    o.samples = m->vis.quality.offsamples;
    o.offscreen_width = m->vis.global.offwidth;
    o.offscreen_height = m->vis.global.offheight;
    if (o.width < 1 || o.height < 1) throw std::runtime_error("image size must be positive");
    if (o.width > o.offscreen_width || o.height > o.offscreen_height) {
      throw std::runtime_error("image " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                               " exceeds the offscreen buffer " + std::to_string(o.offscreen_width) + "x" +
                               std::to_string(o.offscreen_height));
    }
    if (o.camera < -1 || o.camera >= m->ncam) {
      throw std::runtime_error("camera " + std::to_string(o.camera) + " does not exist (the model has " +
                               std::to_string(m->ncam) + ")");
    }
    r->sim = sim;
    r->options = o;

    r->gl = osmesa().createContext(OSMESA_RGBA, depthBits, stencilBits, accumBits, nullptr);
    if (!r->gl) throw std::runtime_error("cannot create an OSMesa GL context");
    r->glBuffer.assign(static_cast<std::size_t>(o.offscreen_width) * o.offscreen_height * 4, 0.0f);
    makeCurrent(r);

    mjv_defaultScene(&r->scene);
    mjv_makeScene(m, &r->scene, maxGeoms);
    r->sceneMade = true;
    mjr_defaultContext(&r->context);
    r->contextMade = true;
    mjr_makeContext(m, &r->context, mjFONTSCALE_150);
    mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
    if (r->context.currentBuffer != mjFB_OFFSCREEN) throw std::runtime_error("no offscreen framebuffer");

    mjv_defaultOption(&r->option);
    mjv_defaultPerturb(&r->perturb);
    r->perturb.active = 0;
    r->perturb.select = 0;
    mjv_defaultCamera(&r->camera);
    if (o.camera == -1) {
      r->camera.type = mjCAMERA_FREE;
      mjv_defaultFreeCamera(m, &r->camera);
    } else {
      r->camera.type = mjCAMERA_FIXED;
      r->camera.fixedcamid = o.camera;
    }
    if (o.shadow_size == 0) r->scene.flags[mjRND_SHADOW] = 0;
    r->bottomUp.resize(static_cast<std::size_t>(o.width) * o.height * 3);
    made = r;
  });
  if (status != 0) {
    release(r);
    return nullptr;
  }
  return made;
}

void cmj_renderer_free(cmj_renderer* renderer) {
  if (renderer) release(renderer);
}

cmj_render_options cmj_renderer_options(const cmj_renderer* renderer) { return renderer->options; }

int cmj_render(cmj_renderer* r, unsigned char* rgb, char* error, int error_size) {
  return cmj::guarded(error, error_size, [&] {
    makeCurrent(r);
    const cmj_render_options& o = r->options;
    mjv_updateScene(r->sim->model, r->sim->data, &r->option, &r->perturb, &r->camera, mjCAT_ALL, &r->scene);
    mjrRect viewport = {0, 0, o.width, o.height};
    mjr_render(viewport, &r->scene, &r->context);
    mjr_readPixels(r->bottomUp.data(), nullptr, viewport, &r->context);
    // OpenGL's first row is the bottom one.
    std::size_t row = static_cast<std::size_t>(o.width) * 3;
    for (int y = 0; y < o.height; ++y) {
      std::memcpy(rgb + y * row, r->bottomUp.data() + (o.height - 1 - y) * row, row);
    }
  });
}

}  // extern "C"

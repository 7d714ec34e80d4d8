// libtorch behind the plain-C interface of ctorch.h. One translation unit on purpose:
// libtorch's headers dominate the compile time.
#include "ctorch.h"

#include <ATen/ATen.h>
#include <ATen/Version.h>
#include <ATen/autocast_mode.h>
#include <ATen/cpu/Utils.h>
#include <torch/csrc/api/include/torch/nn/utils/clip_grad.h>
#include <torch/csrc/autograd/generated/variable_factories.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/serialize.h>
#include <torch/torch.h>

#include <torch/version.h>

#include <climits>
#include <cmath>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

struct ct_tensor_s {
  at::Tensor t;
};
struct ct_generator_s {
  at::Generator g;
};

namespace {

ct_tensor wrap(at::Tensor t) { return new ct_tensor_s{std::move(t)}; }

void set_error(ct_err *err, const char *msg) {
  if (err) *err = strdup(msg);
}

// Strips libtorch's C++ backtrace: users need the first lines, not frames.
std::string short_message(const char *what) {
  std::string s(what);
  auto cut = s.find("\nException raised from");
  if (cut != std::string::npos) s.resize(cut);
  return s;
}

template <typename F, typename R>
R guarded(ct_err *err, R on_error, F &&body) {
  try {
    return body();
  } catch (const c10::Error &e) {
    set_error(err, short_message(e.what_without_backtrace()).c_str());
  } catch (const std::exception &e) {
    set_error(err, short_message(e.what()).c_str());
  } catch (...) {
    set_error(err, "unknown C++ exception in libtorch");
  }
  return on_error;
}

#define GUARD_T(...) return guarded<>(err, (ct_tensor) nullptr, [&]() -> ct_tensor { __VA_ARGS__; })
#define GUARD_I(...) return guarded<>(err, -1, [&]() -> int { __VA_ARGS__; return 0; })

at::IntArrayRef dims(const int64_t *shape, int ndim) { return at::IntArrayRef(shape, (size_t)ndim); }

at::Device device_of(int type, int index) {
  return at::Device((c10::DeviceType)type, (c10::DeviceIndex)index);
}

std::optional<at::Tensor> optional_tensor(ct_tensor t) {
  if (!t) return std::nullopt;
  return t->t;
}

} // namespace

extern "C" {

void ct_free_string(char *s) { free(s); }
void ct_free(ct_tensor t) { delete t; }

void ct_set_num_threads(int n) { at::set_num_threads(n); }
int ct_get_num_threads(void) { return at::get_num_threads(); }
void ct_manual_seed(uint64_t seed) { torch::manual_seed(seed); }
bool ct_cuda_is_available(void) { return torch::cuda::is_available(); }
int ct_cuda_device_count(void) { return (int)torch::cuda::device_count(); }
const char *ct_torch_version(void) { return TORCH_VERSION; }
const char *ct_cpu_capability(void) {
  static const std::string capability = at::get_cpu_capability();
  return capability.c_str();
}
bool ct_cpu_has_native_bf16(void) {
  static const bool native = [] {
    const auto capabilities = at::cpu::get_cpu_capabilities();
    for (const char *flag : {"avx512_bf16", "amx_bf16"}) {
      const auto found = capabilities.find(flag);
      if (found != capabilities.end() && found->second.isBool() && found->second.toBool()) return true;
    }
    return false;
  }();
  return native;
}
bool ct_cuda_build(void) {
#ifdef EZERO_CUDA
  return true;
#else
  return false;
#endif
}
bool ct_cuda_device_info(int index, char *name, int name_capacity, uint64_t *total_bytes) {
  // The driver API by name, so that nothing here needs CUDA's headers: cuInit, cuDeviceGet,
  // cuDeviceGetName, cuDeviceTotalMem_v2 (CUresult 0 = success).
  static void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!driver) return false;
  using Init = int (*)(unsigned);
  using Get = int (*)(int *, int);
  using Name = int (*)(char *, int, int);
  using Memory = int (*)(size_t *, int);
  auto init = (Init)dlsym(driver, "cuInit");
  auto get = (Get)dlsym(driver, "cuDeviceGet");
  auto get_name = (Name)dlsym(driver, "cuDeviceGetName");
  auto memory = (Memory)dlsym(driver, "cuDeviceTotalMem_v2");
  int device = 0;
  size_t bytes = 0;
  if (!init || !get || !get_name || !memory || init(0) != 0 || get(&device, index) != 0) return false;
  if (get_name(name, name_capacity, device) != 0 || memory(&bytes, device) != 0) return false;
  *total_bytes = bytes;
  return true;
}
bool ct_keep_freed_memory(void) {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
#else
  return false;
#endif
}
void ct_cudnn_set_benchmark(bool on) { at::globalContext().setBenchmarkCuDNN(on); }
namespace {
struct AutocastToken {
  at::DeviceType type;
  bool was_enabled;
  at::ScalarType was_dtype;
  bool was_caching;
};
at::DeviceType autocast_device(int device_type) { return device_type == 1 ? at::kCUDA : at::kCPU; }
}  // namespace
void *ct_autocast_enter(int device_type, int dtype, ct_err *err) {
  return guarded<>(err, (void *)nullptr, [&]() -> void * {
    auto type = autocast_device(device_type);
    auto token = new AutocastToken{type, at::autocast::is_autocast_enabled(type), at::autocast::get_autocast_dtype(type),
                                   at::autocast::is_autocast_cache_enabled()};
    // No cache of casted weights: a weight first cast under no-grad (a consistency target) would
    // be handed, without its gradient path, to the passes that need one.
    at::autocast::set_autocast_cache_enabled(false);
    at::autocast::set_autocast_dtype(type, (at::ScalarType)dtype);
    at::autocast::set_autocast_enabled(type, true);
    at::autocast::increment_nesting();
    return token;
  });
}
void ct_autocast_exit(void *token) {
  auto t = static_cast<AutocastToken *>(token);
  // Casts cached for this region are dropped when the outermost one ends (as torch.autocast).
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(t->type, t->was_enabled);
  at::autocast::set_autocast_dtype(t->type, t->was_dtype);
  at::autocast::set_autocast_cache_enabled(t->was_caching);
  delete t;
}
bool ct_autocast_enabled(int device_type) { return at::autocast::is_autocast_enabled(autocast_device(device_type)); }
int ct_amp_unscale(const ct_tensor *grads, int count, ct_tensor found_inf, ct_tensor inv_scale, ct_err *err) {
  GUARD_I({
    std::vector<at::Tensor> list;
    for (int i = 0; i < count; ++i) list.push_back(grads[i]->t);
    at::_amp_foreach_non_finite_check_and_unscale_(list, found_inf->t, inv_scale->t);
  });
}
int ct_amp_update_scale(ct_tensor scale, ct_tensor growth_tracker, ct_tensor found_inf, double growth_factor,
                        double backoff_factor, int64_t growth_interval, ct_err *err) {
  GUARD_I(at::_amp_update_scale_(scale->t, growth_tracker->t, found_inf->t, growth_factor, backoff_factor,
                                 growth_interval));
}
void *ct_no_grad_enter(void) { return new at::NoGradGuard(); }
void ct_no_grad_exit(void *guard) { delete static_cast<at::NoGradGuard *>(guard); }
void *ct_inference_mode_enter(void) { return new c10::InferenceMode(); }
void ct_inference_mode_exit(void *guard) { delete static_cast<c10::InferenceMode *>(guard); }
bool ct_grad_enabled(void) { return at::GradMode::is_enabled(); }

ct_generator ct_generator_new(uint64_t seed, ct_err *err) {
  return guarded<>(err, (ct_generator) nullptr, [&]() -> ct_generator {
    return new ct_generator_s{at::make_generator<at::CPUGeneratorImpl>(seed)};
  });
}
void ct_generator_free(ct_generator g) { delete g; }
void ct_generator_set_seed(ct_generator g, uint64_t seed) {
  std::lock_guard<std::mutex> lock(g->g.mutex());
  g->g.set_current_seed(seed);
}
ct_tensor ct_generator_get_state(ct_generator g, ct_err *err) {
  GUARD_T(std::lock_guard<std::mutex> lock(g->g.mutex()); return wrap(g->g.get_state()));
}
int ct_generator_set_state(ct_generator g, ct_tensor state, ct_err *err) {
  GUARD_I(std::lock_guard<std::mutex> lock(g->g.mutex()); g->g.set_state(state->t));
}

ct_tensor ct_from_data(const void *data, const int64_t *shape, int ndim, int dtype, bool pinned, ct_err *err) {
  GUARD_T({
    auto opts = at::TensorOptions().dtype((c10::ScalarType)dtype).pinned_memory(pinned);
    at::Tensor t = at::empty(dims(shape, ndim), opts);
    if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.nbytes());
    return wrap(t);
  });
}

ct_tensor ct_full(const int64_t *shape, int ndim, double value, int dtype, int device, int device_index,
                  ct_err *err) {
  GUARD_T({
    auto opts = at::TensorOptions().dtype((c10::ScalarType)dtype).device(device_of(device, device_index));
    return wrap(at::full(dims(shape, ndim), value, opts));
  });
}

ct_tensor ct_arange(double start, double end, double step, int dtype, ct_err *err) {
  GUARD_T(return wrap(at::arange(start, end, step, at::TensorOptions().dtype((c10::ScalarType)dtype))));
}

ct_tensor ct_random(int kind, const int64_t *shape, int ndim, int64_t low, int64_t high, int dtype,
                    ct_generator g, ct_err *err) {
  GUARD_T({
    auto opts = at::TensorOptions().dtype((c10::ScalarType)dtype);
    std::optional<at::Generator> gen;
    if (g) gen = g->g;
    switch (kind) {
    case 0: return wrap(at::randn(dims(shape, ndim), gen, opts));
    case 1: return wrap(at::rand(dims(shape, ndim), gen, opts));
    case 2: return wrap(at::randint(low, high, dims(shape, ndim), gen, opts));
    default: throw std::invalid_argument("unknown random kind");
    }
  });
}

int ct_ndim(ct_tensor t) { return (int)t->t.dim(); }
int64_t ct_size(ct_tensor t, int dim) { return t->t.size(dim); }
int ct_dtype(ct_tensor t) { return (int)t->t.scalar_type(); }
int ct_device_type(ct_tensor t) { return (int)t->t.device().type(); }
int ct_device_index(ct_tensor t) { return (int)t->t.device().index(); }
int64_t ct_numel(ct_tensor t) { return t->t.numel(); }

int ct_copy_to(ct_tensor t, void *out, size_t bytes, ct_err *err) {
  GUARD_I({
    at::Tensor c = t->t.detach().to(at::kCPU).contiguous();
    if (c.nbytes() != bytes)
      throw std::invalid_argument("ct_copy_to: buffer holds " + std::to_string(bytes) + " bytes, tensor " +
                                  std::to_string(c.nbytes()));
    if (bytes > 0) std::memcpy(out, c.data_ptr(), bytes);
  });
}

double ct_item(ct_tensor t, ct_err *err) {
  return guarded<>(err, 0.0, [&]() -> double { return t->t.item().toDouble(); });
}

ct_tensor ct_clone(ct_tensor t, ct_err *err) { GUARD_T(return wrap(t->t.clone())); }
ct_tensor ct_shallow(ct_tensor t, ct_err *err) { GUARD_T(return wrap(t->t)); }
ct_tensor ct_to(ct_tensor t, int dtype, int device, int device_index, bool non_blocking, ct_err *err) {
  GUARD_T(return wrap(t->t.to(device_of(device, device_index), (c10::ScalarType)dtype, non_blocking)));
}
bool ct_is_pinned(ct_tensor t) {
  try {
    return t->t.is_pinned();
  } catch (...) {
    return false;
  }
}
ct_tensor ct_to_layout(ct_tensor t, int dtype, bool channels_last, ct_err *err) {
  GUARD_T(return wrap(t->t.to((c10::ScalarType)dtype, false, false,
                              channels_last ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous)));
}
int ct_set_data(ct_tensor t, ct_tensor source, ct_err *err) { GUARD_I(t->t.set_data(source->t)); }
ct_tensor ct_channels_last(ct_tensor t, ct_err *err) {
  GUARD_T(return wrap(t->t.contiguous(at::MemoryFormat::ChannelsLast)));
}
bool ct_is_channels_last(ct_tensor t) {
  return t->t.dim() == 4 && !t->t.is_contiguous() && t->t.is_contiguous(at::MemoryFormat::ChannelsLast);
}
uint64_t ct_tensors_state_key(const ct_tensor *tensors, int count) {
  uint64_t key = 1469598103934665603ull;  // FNV-1a over (storage address, layout, version) of each
  auto mix = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) key = (key ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ull;
  };
  for (int i = 0; i < count; ++i) {
    const at::Tensor &t = tensors[i]->t;
    if (!t.defined()) continue;
    mix(reinterpret_cast<uintptr_t>(t.data_ptr()));
    mix(t.is_contiguous() ? 1 : 2);
    mix(t.is_inference() ? 0 : t._version());
  }
  return key;
}
ct_tensor ct_contiguous(ct_tensor t, ct_err *err) { GUARD_T(return wrap(t->t.contiguous())); }
bool ct_equal(ct_tensor a, ct_tensor b, ct_err *err) {
  return guarded<>(err, false, [&]() -> bool { return a->t.equal(b->t); });
}

int ct_set_requires_grad(ct_tensor t, bool on, ct_err *err) { GUARD_I(t->t.requires_grad_(on)); }
bool ct_requires_grad(ct_tensor t) { return t->t.requires_grad(); }
ct_tensor ct_grad(ct_tensor t, ct_err *err) {
  GUARD_T({
    const at::Tensor &g = t->t.grad();
    if (!g.defined()) return nullptr;
    return wrap(g);
  });
}
int ct_zero_grad(ct_tensor t, ct_err *err) {
  GUARD_I({
    at::Tensor &g = t->t.mutable_grad();
    if (g.defined()) g = at::Tensor();
  });
}
int ct_backward(ct_tensor t, ct_tensor grad_or_null, bool retain_graph, ct_err *err) {
  GUARD_I({
    at::Tensor g = grad_or_null ? grad_or_null->t : at::Tensor();
    t->t.backward(g, retain_graph);
  });
}
ct_tensor ct_detach(ct_tensor t, ct_err *err) { GUARD_T(return wrap(t->t.detach())); }

ct_tensor ct_unary(int op, ct_tensor a, ct_err *err) {
  GUARD_T({
    const at::Tensor &x = a->t;
    switch (op) {
    case CT_NEG: return wrap(-x);
    case CT_EXP: return wrap(x.exp());
    case CT_LOG: return wrap(x.log());
    case CT_SQRT: return wrap(x.sqrt());
    case CT_ABS: return wrap(x.abs());
    case CT_SIGN: return wrap(x.sign());
    case CT_RELU: return wrap(x.relu());
    case CT_SIGMOID: return wrap(x.sigmoid());
    case CT_TANH: return wrap(x.tanh());
    case CT_FLOOR: return wrap(x.floor());
    case CT_CEIL: return wrap(x.ceil());
    case CT_ROUND: return wrap(x.round());
    case CT_LOGICAL_NOT: return wrap(x.logical_not());
    case CT_SQUARE: return wrap(x.square());
    case CT_LOG1P: return wrap(x.log1p());
    default: throw std::invalid_argument("unknown unary op " + std::to_string(op));
    }
  });
}

static at::Tensor binary(int op, const at::Tensor &x, const at::Tensor &y) {
  switch (op) {
  case CT_ADD: return x + y;
  case CT_SUB: return x - y;
  case CT_MUL: return x * y;
  case CT_DIV: return x / y;
  case CT_POW: return x.pow(y);
  case CT_MAXIMUM: return at::maximum(x, y);
  case CT_MINIMUM: return at::minimum(x, y);
  case CT_EQ: return x.eq(y);
  case CT_NE: return x.ne(y);
  case CT_LT: return x.lt(y);
  case CT_LE: return x.le(y);
  case CT_GT: return x.gt(y);
  case CT_GE: return x.ge(y);
  case CT_LOGICAL_AND: return x.logical_and(y);
  case CT_LOGICAL_OR: return x.logical_or(y);
  case CT_MATMUL: return x.matmul(y);
  case CT_REMAINDER: return x.remainder(y);
  default: throw std::invalid_argument("unknown binary op " + std::to_string(op));
  }
}

ct_tensor ct_binary(int op, ct_tensor a, ct_tensor b, ct_err *err) { GUARD_T(return wrap(binary(op, a->t, b->t))); }

ct_tensor ct_add_scaled(ct_tensor a, ct_tensor b, double alpha, ct_err *err) {
  GUARD_T(return wrap(at::add(a->t, b->t, alpha)));
}

ct_tensor ct_binary_scalar(int op, ct_tensor a, double b, ct_err *err) {
  GUARD_T({
    const at::Tensor &x = a->t;
    switch (op) {
    case CT_ADD: return wrap(x + b);
    case CT_SUB: return wrap(x - b);
    case CT_MUL: return wrap(x * b);
    case CT_DIV: return wrap(x / b);
    case CT_POW: return wrap(x.pow(b));
    case CT_EQ: return wrap(x.eq(b));
    case CT_NE: return wrap(x.ne(b));
    case CT_LT: return wrap(x.lt(b));
    case CT_LE: return wrap(x.le(b));
    case CT_GT: return wrap(x.gt(b));
    case CT_GE: return wrap(x.ge(b));
    case CT_REMAINDER: return wrap(x.remainder(b));
    default: {
      at::Tensor s = at::scalar_tensor(b, x.options());
      return wrap(binary(op, x, s));
    }
    }
  });
}

int ct_binary_(int op, ct_tensor a, ct_tensor b, double alpha, ct_err *err) {
  GUARD_I({
    at::Tensor &x = a->t;
    switch (op) {
    case CT_ADD: x.add_(b->t, alpha); break;
    case CT_SUB: x.sub_(b->t, alpha); break;
    case CT_MUL: x.mul_(b->t); break;
    case CT_DIV: x.div_(b->t); break;
    default: throw std::invalid_argument("in-place op must be add, sub, mul or div");
    }
  });
}

int ct_binary_scalar_(int op, ct_tensor a, double value, ct_err *err) {
  GUARD_I({
    at::Tensor &x = a->t;
    // An integer tensor updated in place takes a whole-number scalar as an integer.
    at::Scalar b = value;
    if (at::isIntegralType(x.scalar_type(), true) && value == std::floor(value)) b = (int64_t)value;
    switch (op) {
    case CT_ADD: x.add_(b); break;
    case CT_SUB: x.sub_(b); break;
    case CT_MUL: x.mul_(b); break;
    case CT_DIV: x.div_(b); break;
    default: throw std::invalid_argument("in-place op must be add, sub, mul or div");
    }
  });
}

int ct_copy_(ct_tensor dst, ct_tensor src, ct_err *err) { GUARD_I(dst->t.copy_(src->t)); }
int ct_fill_(ct_tensor t, double value, ct_err *err) { GUARD_I(t->t.fill_(value)); }

ct_tensor ct_clamp(ct_tensor a, double lo, double hi, bool has_lo, bool has_hi, ct_err *err) {
  GUARD_T({
    std::optional<at::Scalar> l, h;
    if (has_lo) l = lo;
    if (has_hi) h = hi;
    return wrap(a->t.clamp(l, h));
  });
}

ct_tensor ct_where(ct_tensor cond, ct_tensor a, ct_tensor b, ct_err *err) {
  GUARD_T(return wrap(at::where(cond->t, a->t, b->t)));
}

ct_tensor ct_reduce(int op, ct_tensor a, const int64_t *dd, int ndims, bool keepdim, ct_err *err) {
  GUARD_T({
    const at::Tensor &x = a->t;
    at::OptionalIntArrayRef d = ndims > 0 ? at::OptionalIntArrayRef(dims(dd, ndims)) : std::nullopt;
    switch (op) {
    case CT_SUM: return wrap(at::sum(x, d, keepdim));
    case CT_MEAN: return wrap(at::mean(x, d, keepdim));
    case CT_AMAX: return wrap(at::amax(x, ndims > 0 ? dims(dd, ndims) : at::IntArrayRef{}, keepdim));
    case CT_AMIN: return wrap(at::amin(x, ndims > 0 ? dims(dd, ndims) : at::IntArrayRef{}, keepdim));
    case CT_NORM: return wrap(at::linalg_vector_norm(x, 2, d, keepdim));
    case CT_PROD: {
      if (ndims == 0) return wrap(at::prod(x));
      if (ndims != 1) throw std::invalid_argument("prod reduces over one dimension at a time");
      return wrap(at::prod(x, dd[0], keepdim));
    }
    default: throw std::invalid_argument("unknown reduction " + std::to_string(op));
    }
  });
}

ct_tensor ct_argmax(ct_tensor a, int64_t dim, bool keepdim, ct_err *err) {
  GUARD_T(return wrap(a->t.argmax(dim, keepdim)));
}
ct_tensor ct_softmax(ct_tensor a, int64_t dim, bool log, ct_err *err) {
  GUARD_T(return wrap(log ? at::log_softmax(a->t, dim) : at::softmax(a->t, dim)));
}

ct_tensor ct_reshape(ct_tensor a, const int64_t *shape, int ndim, ct_err *err) {
  GUARD_T(return wrap(a->t.reshape(dims(shape, ndim))));
}
ct_tensor ct_view(ct_tensor a, const int64_t *shape, int ndim, ct_err *err) {
  GUARD_T(return wrap(a->t.view(dims(shape, ndim))));
}
ct_tensor ct_permute(ct_tensor a, const int64_t *d, int ndim, ct_err *err) {
  GUARD_T(return wrap(a->t.permute(dims(d, ndim))));
}
ct_tensor ct_expand(ct_tensor a, const int64_t *shape, int ndim, ct_err *err) {
  GUARD_T(return wrap(a->t.expand(dims(shape, ndim))));
}
ct_tensor ct_transpose(ct_tensor a, int64_t d0, int64_t d1, ct_err *err) {
  GUARD_T(return wrap(a->t.transpose(d0, d1)));
}
ct_tensor ct_squeeze(ct_tensor a, int64_t dim, ct_err *err) { GUARD_T(return wrap(a->t.squeeze(dim))); }
ct_tensor ct_unsqueeze(ct_tensor a, int64_t dim, ct_err *err) { GUARD_T(return wrap(a->t.unsqueeze(dim))); }
ct_tensor ct_flatten(ct_tensor a, int64_t start, int64_t end, ct_err *err) {
  GUARD_T(return wrap(a->t.flatten(start, end)));
}

ct_tensor ct_cat(const ct_tensor *ts, int n, int64_t dim, bool stack, ct_err *err) {
  GUARD_T({
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(ts[i]->t);
    return wrap(stack ? at::stack(v, dim) : at::cat(v, dim));
  });
}

ct_tensor ct_slice(ct_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_err *err) {
  GUARD_T(return wrap(a->t.slice(dim, start, end, step)));
}
ct_tensor ct_select(ct_tensor a, int64_t dim, int64_t index, ct_err *err) {
  GUARD_T(return wrap(a->t.select(dim, index)));
}
ct_tensor ct_index_select(ct_tensor a, int64_t dim, ct_tensor index, ct_err *err) {
  GUARD_T(return wrap(a->t.index_select(dim, index->t)));
}
ct_tensor ct_gather(ct_tensor a, int64_t dim, ct_tensor index, ct_err *err) {
  GUARD_T(return wrap(a->t.gather(dim, index->t)));
}
ct_tensor ct_one_hot(ct_tensor index, int64_t classes, ct_err *err) {
  GUARD_T(return wrap(at::one_hot(index->t, classes)));
}
int ct_index_copy_(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor src, ct_err *err) {
  GUARD_I(a->t.index_copy_(dim, index->t, src->t));
}

ct_tensor ct_conv2d(ct_tensor x, ct_tensor w, ct_tensor b, int64_t stride, int64_t padding, ct_err *err) {
  GUARD_T(return wrap(at::conv2d(x->t, w->t, optional_tensor(b), stride, padding)));
}
ct_tensor ct_conv_transpose2d(ct_tensor x, ct_tensor w, ct_tensor b, int64_t stride, int64_t padding,
                              int64_t output_padding, ct_err *err) {
  GUARD_T(return wrap(at::conv_transpose2d(x->t, w->t, optional_tensor(b), stride, padding, output_padding)));
}
// mkldnn::_linear_pointwise(X, W, B?, attr, scalars, algorithm): y = X W^T + B on oneDNN's kernel,
// dense tensors in and out. Looked up once; null where this libtorch has no such operator.
using LinearPointwise = at::Tensor(const at::Tensor &, const at::Tensor &, const std::optional<at::Tensor> &,
                                   c10::string_view, c10::List<std::optional<c10::Scalar>>,
                                   std::optional<c10::string_view>);
static const c10::TypedOperatorHandle<LinearPointwise> *linear_pointwise() {
  static const c10::TypedOperatorHandle<LinearPointwise> *op = []() -> c10::TypedOperatorHandle<LinearPointwise> * {
    try {
      if (!at::hasMKLDNN()) return nullptr;
      auto handle = c10::Dispatcher::singleton().findSchema({"mkldnn::_linear_pointwise", ""});
      if (!handle) return nullptr;
      return new c10::TypedOperatorHandle<LinearPointwise>(handle->typed<LinearPointwise>());
    } catch (...) {
      return nullptr;
    }
  }();
  return op;
}
static bool onednn_linear_applies(const at::Tensor &x) {
  return x.defined() && x.is_cpu() && x.scalar_type() == at::kFloat && x.dim() == 2 && !at::GradMode::is_enabled() &&
         !at::autocast::is_autocast_enabled(at::kCPU) && linear_pointwise() != nullptr;
}
static at::Tensor linear_with(const at::Tensor &x, const at::Tensor &w, const std::optional<at::Tensor> &b,
                              bool onednn) {
  if (onednn && onednn_linear_applies(x) && w.scalar_type() == at::kFloat && w.is_contiguous() &&
      (!b || b->is_contiguous())) {
    return linear_pointwise()->call(x.contiguous(), w, b, "none", c10::List<std::optional<c10::Scalar>>(), std::nullopt);
  }
  return at::linear(x, w, b);
}
bool ct_linear_onednn_applies(ct_tensor x) { return onednn_linear_applies(x->t); }
ct_tensor ct_linear(ct_tensor x, ct_tensor w, ct_tensor b, bool onednn, ct_err *err) {
  GUARD_T(return wrap(linear_with(x->t, w->t, optional_tensor(b), onednn)));
}
ct_tensor ct_batch_norm(ct_tensor x, ct_tensor weight, ct_tensor bias, ct_tensor running_mean,
                        ct_tensor running_var, bool training, double momentum, double eps, ct_err *err) {
  GUARD_T(return wrap(at::batch_norm(x->t, optional_tensor(weight), optional_tensor(bias),
                                     optional_tensor(running_mean), optional_tensor(running_var), training,
                                     momentum, eps, /*cudnn_enabled=*/true)));
}
int ct_lstm_cell(ct_tensor x, ct_tensor h, ct_tensor c, ct_tensor w_ih, ct_tensor w_hh, ct_tensor b_ih,
                 ct_tensor b_hh, bool onednn, ct_tensor *out_h, ct_tensor *out_c, ct_err *err) {
  GUARD_I({
    if (onednn && onednn_linear_applies(x->t) && onednn_linear_applies(h->t)) {
      // The arithmetic of at::lstm_cell with the two products on oneDNN.
      auto gates = linear_with(x->t, w_ih->t, optional_tensor(b_ih), true) +
                   linear_with(h->t, w_hh->t, optional_tensor(b_hh), true);
      auto chunks = gates.chunk(4, 1);
      auto cy = chunks[1].sigmoid() * c->t + chunks[0].sigmoid() * chunks[2].tanh();
      *out_h = wrap(chunks[3].sigmoid() * cy.tanh());
      *out_c = wrap(cy);
    } else {
      auto hc = at::lstm_cell(x->t, {h->t, c->t}, w_ih->t, w_hh->t, optional_tensor(b_ih), optional_tensor(b_hh));
      *out_h = wrap(std::get<0>(hc));
      *out_c = wrap(std::get<1>(hc));
    }
  });
}
ct_tensor ct_avg_pool2d(ct_tensor x, int64_t kernel, int64_t stride, int64_t padding, ct_err *err) {
  GUARD_T(return wrap(at::avg_pool2d(x->t, {kernel, kernel}, {stride, stride}, {padding, padding})));
}
ct_tensor ct_max_pool2d(ct_tensor x, int64_t kernel, int64_t stride, int64_t padding, ct_err *err) {
  GUARD_T(return wrap(at::max_pool2d(x->t, {kernel, kernel}, {stride, stride}, {padding, padding})));
}
ct_tensor ct_pad2d(ct_tensor x, const int64_t *pads, int mode, ct_err *err) {
  GUARD_T({
    static const char *modes[] = {"constant", "replicate", "reflect"};
    if (mode < 0 || mode > 2) throw std::invalid_argument("unknown pad mode");
    return wrap(at::pad(x->t, dims(pads, 4), modes[mode], mode == 0 ? std::optional<double>(0.0) : std::nullopt));
  });
}
ct_tensor ct_cosine_similarity(ct_tensor a, ct_tensor b, int64_t dim, double eps, ct_err *err) {
  GUARD_T(return wrap(at::cosine_similarity(a->t, b->t, dim, eps)));
}
ct_tensor ct_normalize(ct_tensor a, int64_t dim, double eps, ct_err *err) {
  GUARD_T(return wrap(torch::nn::functional::normalize(
              a->t, torch::nn::functional::NormalizeFuncOptions().p(2).dim(dim).eps(eps))));
}
double ct_clip_grad_norm(const ct_tensor *params, int n, double max_norm, ct_err *err) {
  return guarded<>(err, -1.0, [&]() -> double {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(params[i]->t);
    return torch::nn::utils::clip_grad_norm_(v, max_norm);
  });
}

int ct_save(const char *path, const char *const *names, const ct_tensor *ts, int n, ct_err *err) {
  GUARD_I({
    c10::Dict<std::string, at::Tensor> dict;
    for (int i = 0; i < n; i++) dict.insert(names[i], ts[i]->t.detach().to(at::kCPU).contiguous());
    // torch::pickle_save's layout (zip archive "data/" with data.pkl and one record per tensor),
    // but without type tags on the dict, so that torch.load(path) opens it with weights_only=True.
    std::vector<char> pickled;
    torch::jit::Pickler pickler([&](const char *b, size_t n) { pickled.insert(pickled.end(), b, b + n); },
                                nullptr, nullptr, nullptr, nullptr, /*tag_aggregates=*/false);
    pickler.protocol();
    pickler.pushIValue(c10::IValue(dict));
    pickler.stop();
    std::vector<char> bytes;
    {
      caffe2::serialize::PyTorchStreamWriter writer([&](const void *b, size_t n) {
        bytes.insert(bytes.end(), (const char *)b, (const char *)b + n);
        return n;
      });
      torch::jit::writeArchiveAndTensors("data", pickled.data(), pickled.size(), pickler.tensorData(), writer);
      writer.writeEndOfFile();
    }
    // Atomic: write a temporary file beside the target, flush it to disk, then rename over.
    std::string tmp = std::string(path) + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw std::runtime_error(std::string("cannot write ") + tmp + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (w < 0) {
        int e = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        throw std::runtime_error(std::string("write failed for ") + tmp + ": " + std::strerror(e));
      }
      done += (size_t)w;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      ::unlink(tmp.c_str());
      throw std::runtime_error(std::string("cannot flush ") + tmp);
    }
    if (std::rename(tmp.c_str(), path) != 0) {
      ::unlink(tmp.c_str());
      throw std::runtime_error(std::string("cannot rename ") + tmp + " to " + path + ": " + std::strerror(errno));
    }
  });
}

int ct_load(const char *path, char ***names, ct_tensor **ts, ct_err *err) {
  return guarded<>(err, -1, [&]() -> int {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot open ") + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    c10::IValue v;
    try {
      v = torch::pickle_load(bytes);
    } catch (const c10::Error &e) {
      throw std::runtime_error(std::string(path) + " is not a readable tensor file (" +
                               short_message(e.what_without_backtrace()) + ")");
    }
    if (!v.isGenericDict()) throw std::runtime_error(std::string(path) + " does not hold a dict of tensors");
    auto dict = v.toGenericDict();
    int n = (int)dict.size();
    std::vector<std::string> keys;
    std::vector<at::Tensor> values;
    for (const auto &entry : dict) {
      if (!entry.key().isString() || !entry.value().isTensor())
        throw std::runtime_error(std::string(path) + " holds an entry that is not name -> tensor");
      keys.push_back(entry.key().toStringRef());
      values.push_back(entry.value().toTensor());
    }
    char **out_names = (char **)calloc((size_t)n + 1, sizeof(char *));
    ct_tensor *out_ts = (ct_tensor *)calloc((size_t)n + 1, sizeof(ct_tensor));
    for (int i = 0; i < n; i++) {
      out_names[i] = strdup(keys[i].c_str());
      out_ts[i] = wrap(values[i]);
    }
    *names = out_names;
    *ts = out_ts;
    return n;
  });
}

void ct_free_loaded(char **names, ct_tensor *ts, int n) {
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
  free(ts); // the tensors themselves now belong to the caller
}

} // extern "C"

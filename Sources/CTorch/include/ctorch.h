// Plain-C interface over libtorch. Every call that can fail takes `ct_err *err`:
// on failure it returns NULL (or -1) and stores a malloc'ed message in *err that the
// caller frees with ct_free_string. No C++ exception ever crosses this boundary.
#ifndef CTORCH_H
#define CTORCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_tensor_s *ct_tensor;
typedef struct ct_generator_s *ct_generator;
typedef char *ct_err;

// Element types, numbered as c10::ScalarType.
enum { CT_UINT8 = 0, CT_INT64 = 4, CT_FLOAT32 = 6, CT_BOOL = 11 };
// Device types, numbered as c10::DeviceType.
enum { CT_CPU = 0, CT_CUDA = 1 };

void ct_free_string(char *s);
void ct_free(ct_tensor t);

// Runtime
void ct_set_num_threads(int n);
int ct_get_num_threads(void);
void ct_manual_seed(uint64_t seed);
bool ct_cuda_is_available(void);
int ct_cuda_device_count(void);
// libtorch's version ("2.15.0"), and whether this build links libtorch's CUDA libraries.
const char *ct_torch_version(void);
/* The instruction set ATen's CPU kernels dispatch to: "DEFAULT", "AVX2", "AVX512", ... */
const char *ct_cpu_capability(void);
// Whether the CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16), as cpuinfo reports it.
bool ct_cpu_has_native_bf16(void);
bool ct_cuda_build(void);
// A CUDA device's name and total memory from the NVIDIA driver (libcuda.so.1, opened on first use);
// returns false where there is no driver or no such device.
bool ct_cuda_device_info(int index, char *name, int name_capacity, uint64_t *total_bytes);
// Enables cuDNN's autotuner for fixed input shapes (no effect without CUDA).
void ct_cudnn_set_benchmark(bool on);
// Makes glibc's malloc keep freed memory for reuse: no mmap per large block (each one would be
// unmapped on free and page-faulted in again on the next step) and no trimming of the heap below
// 2 GiB. Returns false where the C library is not glibc.
bool ct_keep_freed_memory(void);
// Mixed precision: from enter to exit, operations on device_type (0 CPU, 1 CUDA) that autocast
// lists run in dtype (float16, bfloat16); exit restores the previous setting. Same thread.
void *ct_autocast_enter(int device_type, int dtype, ct_err *err);
void ct_autocast_exit(void *token);
bool ct_autocast_enabled(int device_type);
// Gradient scaling (torch.amp.GradScaler's kernels): grads *= inv_scale in place, found_inf set to
// 1 where any is not finite; then the scale backs off on found_inf or grows after `interval` clean steps.
int ct_amp_unscale(const ct_tensor *grads, int count, ct_tensor found_inf, ct_tensor inv_scale, ct_err *err);
int ct_amp_update_scale(ct_tensor scale, ct_tensor growth_tracker, ct_tensor found_inf, double growth_factor,
                        double backoff_factor, int64_t growth_interval, ct_err *err);
// Scoped guards; the returned token must be released on the same thread.
void *ct_no_grad_enter(void);
void ct_no_grad_exit(void *guard);
void *ct_inference_mode_enter(void);
void ct_inference_mode_exit(void *guard);
bool ct_grad_enabled(void);

// Generators (seeded random streams that do not touch the global one)
ct_generator ct_generator_new(uint64_t seed, ct_err *err);
void ct_generator_free(ct_generator g);
void ct_generator_set_seed(ct_generator g, uint64_t seed);
// Serialised state, so that a run can be resumed bit for bit.
ct_tensor ct_generator_get_state(ct_generator g, ct_err *err);
int ct_generator_set_state(ct_generator g, ct_tensor state, ct_err *err);

// Creation
// pinned: in page-locked host memory (CUDA builds with a usable device), so that a copy to the GPU
// can be asynchronous.
ct_tensor ct_from_data(const void *data, const int64_t *shape, int ndim, int dtype, bool pinned, ct_err *err);
bool ct_is_pinned(ct_tensor t);
ct_tensor ct_full(const int64_t *shape, int ndim, double value, int dtype, int device, int device_index,
                  ct_err *err);
ct_tensor ct_arange(double start, double end, double step, int dtype, ct_err *err);
// kind: 0 = normal(0,1), 1 = uniform[0,1), 2 = integers in [low, high)
ct_tensor ct_random(int kind, const int64_t *shape, int ndim, int64_t low, int64_t high, int dtype,
                    ct_generator g, ct_err *err);

// Inspection and export
int ct_ndim(ct_tensor t);
int64_t ct_size(ct_tensor t, int dim);
int ct_dtype(ct_tensor t);
int ct_device_type(ct_tensor t);
int ct_device_index(ct_tensor t);
int64_t ct_numel(ct_tensor t);
// Copies the tensor (any device, any layout) into `out`, which holds numel elements of its dtype.
int ct_copy_to(ct_tensor t, void *out, size_t bytes, ct_err *err);
double ct_item(ct_tensor t, ct_err *err);
ct_tensor ct_clone(ct_tensor t, ct_err *err);
ct_tensor ct_shallow(ct_tensor t, ct_err *err);
// non_blocking: asynchronous where the source is pinned host memory and the target a GPU.
ct_tensor ct_to(ct_tensor t, int dtype, int device, int device_index, bool non_blocking, ct_err *err);
// Converted to dtype in one pass, laid out channels-last (rank 4) or contiguous.
ct_tensor ct_to_layout(ct_tensor t, int dtype, bool channels_last, ct_err *err);
// Points `t` at `source`'s data (same shape and dtype; any device), keeping `t` the same tensor
// for its owners: how a module's parameters move to another device.
int ct_set_data(ct_tensor t, ct_tensor source, ct_err *err);
// The same values with channels-last strides (NHWC in memory; rank-4 tensors), and whether a tensor has them.
ct_tensor ct_channels_last(ct_tensor t, ct_err *err);
bool ct_is_channels_last(ct_tensor t);
// A key that changes whenever any of the tensors is written in place (its version counter) or
// given new storage: caches derived from them compare keys to stay current.
uint64_t ct_tensors_state_key(const ct_tensor *tensors, int count);
ct_tensor ct_contiguous(ct_tensor t, ct_err *err);
bool ct_equal(ct_tensor a, ct_tensor b, ct_err *err);

// Autograd
int ct_set_requires_grad(ct_tensor t, bool on, ct_err *err);
bool ct_requires_grad(ct_tensor t);
ct_tensor ct_grad(ct_tensor t, ct_err *err); // NULL without error when there is no gradient
int ct_zero_grad(ct_tensor t, ct_err *err);
int ct_backward(ct_tensor t, ct_tensor grad_or_null, bool retain_graph, ct_err *err);
ct_tensor ct_detach(ct_tensor t, ct_err *err);

// Element-wise ops
enum {
  CT_NEG, CT_EXP, CT_LOG, CT_SQRT, CT_ABS, CT_SIGN, CT_RELU, CT_SIGMOID, CT_TANH, CT_FLOOR, CT_CEIL,
  CT_ROUND, CT_LOGICAL_NOT, CT_SQUARE, CT_LOG1P
};
ct_tensor ct_unary(int op, ct_tensor a, ct_err *err);
enum {
  CT_ADD, CT_SUB, CT_MUL, CT_DIV, CT_POW, CT_MAXIMUM, CT_MINIMUM, CT_EQ, CT_NE, CT_LT, CT_LE, CT_GT, CT_GE,
  CT_LOGICAL_AND, CT_LOGICAL_OR, CT_MATMUL, CT_REMAINDER
};
ct_tensor ct_binary(int op, ct_tensor a, ct_tensor b, ct_err *err);
ct_tensor ct_binary_scalar(int op, ct_tensor a, double b, ct_err *err);
// a + alpha * b in one operation (torch.add with alpha).
ct_tensor ct_add_scaled(ct_tensor a, ct_tensor b, double alpha, ct_err *err);
// In place: a (op)= b, for CT_ADD/SUB/MUL/DIV; `alpha` scales b for ADD/SUB.
int ct_binary_(int op, ct_tensor a, ct_tensor b, double alpha, ct_err *err);
int ct_binary_scalar_(int op, ct_tensor a, double b, ct_err *err);
int ct_copy_(ct_tensor dst, ct_tensor src, ct_err *err);
int ct_fill_(ct_tensor t, double value, ct_err *err);
ct_tensor ct_clamp(ct_tensor a, double lo, double hi, bool has_lo, bool has_hi, ct_err *err);
ct_tensor ct_where(ct_tensor cond, ct_tensor a, ct_tensor b, ct_err *err);

// Reductions; dims == NULL with ndims == 0 reduces over everything.
enum { CT_SUM, CT_MEAN, CT_AMAX, CT_AMIN, CT_PROD, CT_NORM };
ct_tensor ct_reduce(int op, ct_tensor a, const int64_t *dims, int ndims, bool keepdim, ct_err *err);
ct_tensor ct_argmax(ct_tensor a, int64_t dim, bool keepdim, ct_err *err);
ct_tensor ct_softmax(ct_tensor a, int64_t dim, bool log, ct_err *err);

// Shapes and indexing
ct_tensor ct_reshape(ct_tensor a, const int64_t *shape, int ndim, ct_err *err);
ct_tensor ct_view(ct_tensor a, const int64_t *shape, int ndim, ct_err *err);
ct_tensor ct_permute(ct_tensor a, const int64_t *dims, int ndim, ct_err *err);
ct_tensor ct_expand(ct_tensor a, const int64_t *shape, int ndim, ct_err *err);
ct_tensor ct_transpose(ct_tensor a, int64_t d0, int64_t d1, ct_err *err);
ct_tensor ct_squeeze(ct_tensor a, int64_t dim, ct_err *err);
ct_tensor ct_unsqueeze(ct_tensor a, int64_t dim, ct_err *err);
ct_tensor ct_flatten(ct_tensor a, int64_t start, int64_t end, ct_err *err);
ct_tensor ct_cat(const ct_tensor *ts, int n, int64_t dim, bool stack, ct_err *err);
ct_tensor ct_slice(ct_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step, ct_err *err);
ct_tensor ct_select(ct_tensor a, int64_t dim, int64_t index, ct_err *err);
ct_tensor ct_index_select(ct_tensor a, int64_t dim, ct_tensor index, ct_err *err);
ct_tensor ct_gather(ct_tensor a, int64_t dim, ct_tensor index, ct_err *err);
ct_tensor ct_one_hot(ct_tensor index, int64_t classes, ct_err *err);
// Writes `src` into a[index] along `dim` (index_copy_), in place.
int ct_index_copy_(ct_tensor a, int64_t dim, ct_tensor index, ct_tensor src, ct_err *err);

// Neural-network functions
ct_tensor ct_conv2d(ct_tensor x, ct_tensor w, ct_tensor b_or_null, int64_t stride, int64_t padding,
                    ct_err *err);
// Transposed convolution; weight [in, out, k, k] as nn.ConvTranspose2d.
ct_tensor ct_conv_transpose2d(ct_tensor x, ct_tensor w, ct_tensor b_or_null, int64_t stride, int64_t padding,
                              int64_t output_padding, ct_err *err);
// onednn: on a CPU float32 input [N, in] without autograd, oneDNN's matrix kernel (mkldnn's
// _linear_pointwise), much faster than the BLAS one on some CPUs; at::linear otherwise.
ct_tensor ct_linear(ct_tensor x, ct_tensor w, ct_tensor b_or_null, bool onednn, ct_err *err);
// Whether ct_linear's oneDNN kernel applies to this input now (else it falls back).
bool ct_linear_onednn_applies(ct_tensor x);
// Running statistics are updated in place when training (momentum as in PyTorch).
ct_tensor ct_batch_norm(ct_tensor x, ct_tensor weight, ct_tensor bias, ct_tensor running_mean,
                        ct_tensor running_var, bool training, double momentum, double eps, ct_err *err);
// One LSTM step; returns h' and c' through out_h / out_c. onednn: the gates' two matrix products
// as in ct_linear (where it applies), then the gate arithmetic of at::lstm_cell.
int ct_lstm_cell(ct_tensor x, ct_tensor h, ct_tensor c, ct_tensor w_ih, ct_tensor w_hh, ct_tensor b_ih,
                 ct_tensor b_hh, bool onednn, ct_tensor *out_h, ct_tensor *out_c, ct_err *err);
ct_tensor ct_avg_pool2d(ct_tensor x, int64_t kernel, int64_t stride, int64_t padding, ct_err *err);
ct_tensor ct_max_pool2d(ct_tensor x, int64_t kernel, int64_t stride, int64_t padding, ct_err *err);
// mode: 0 constant(0), 1 replicate, 2 reflect; pads = left, right, top, bottom.
ct_tensor ct_pad2d(ct_tensor x, const int64_t *pads, int mode, ct_err *err);
ct_tensor ct_cosine_similarity(ct_tensor a, ct_tensor b, int64_t dim, double eps, ct_err *err);
ct_tensor ct_normalize(ct_tensor a, int64_t dim, double eps, ct_err *err);
// Returns the total norm before clipping (PyTorch's clip_grad_norm_).
double ct_clip_grad_norm(const ct_tensor *params, int n, double max_norm, ct_err *err);

// Serialisation: a dict name -> tensor in PyTorch's zip pickle format (torch.load opens it).
int ct_save(const char *path, const char *const *names, const ct_tensor *ts, int n, ct_err *err);
// Loads a dict; returns the count and sets *names / *ts to malloc'ed arrays that the caller
// releases with ct_free_loaded.
int ct_load(const char *path, char ***names, ct_tensor **ts, ct_err *err);
void ct_free_loaded(char **names, ct_tensor *ts, int n);

#ifdef __cplusplus
}
#endif
#endif

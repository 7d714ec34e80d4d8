import CTorch

/// An error raised by libtorch (or by this wrapper's own checks), with libtorch's message.
public struct TorchError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Takes ownership of a C error string and turns it into a `TorchError` with context.
func takeError(_ err: ct_err?, _ context: String) -> TorchError {
  guard let err else { return TorchError("\(context): libtorch failed without a message") }
  let text = String(cString: err)
  ct_free_string(err)
  return TorchError(context.isEmpty ? text : "\(context): \(text)")
}

/// Runs a C call that returns a new tensor handle, or throws its error.
@inline(__always)
func makeHandle(
  _ context: @autoclosure () -> String, _ body: (UnsafeMutablePointer<ct_err?>) -> ct_tensor?
) throws(TorchError) -> ct_tensor {
  var err: ct_err? = nil
  guard let handle = body(&err) else { throw takeError(err, context()) }
  return handle
}

@inline(__always)
func makeTensor(
  _ context: @autoclosure () -> String, _ body: (UnsafeMutablePointer<ct_err?>) -> ct_tensor?
) throws(TorchError) -> Tensor {
  Tensor(owning: try makeHandle(context(), body))
}

/// Runs a C call that returns a status (0 ok, -1 failed), or throws its error.
@inline(__always)
func checkStatus(
  _ context: @autoclosure () -> String, _ body: (UnsafeMutablePointer<ct_err?>) -> Int32
) throws(TorchError) {
  var err: ct_err? = nil
  if body(&err) != 0 { throw takeError(err, context()) }
}

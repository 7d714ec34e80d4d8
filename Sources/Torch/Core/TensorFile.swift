import CTorch
#if canImport(Glibc)
import Glibc
#endif

/// Named tensors on disk in PyTorch's own format: `torch.load(path)` in Python returns a dict.
/// Writes are atomic (temporary file, fsync, rename): a crash never leaves a half-written file.
public enum TensorFile {
  public static func save(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws(TorchError) {
    var seen = Set<String>()
    for (name, _) in tensors where !seen.insert(name).inserted {
      throw TorchError("save \(path): tensor name '\(name)' appears twice")
    }
    let handles: [ct_tensor?] = tensors.map { $0.tensor.handle }
    let cNames = tensors.map { strdup($0.name) }
    defer { cNames.forEach { free($0) } }
    let namePointers: [UnsafePointer<CChar>?] = cNames.map { UnsafePointer($0) }
    try withExtendedLifetime(tensors) { () throws(TorchError) in
      try checkStatus("save \(path)") { ct_save(path, namePointers, handles, Int32(handles.count), $0) }
    }
  }

  /// The tensors of a file written by `save` (or by `torch.save` of a dict of tensors), in order.
  public static func load(from path: String) throws(TorchError) -> [(name: String, tensor: Tensor)] {
    var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    var handles: UnsafeMutablePointer<ct_tensor?>? = nil
    var err: ct_err? = nil
    let n = Int(ct_load(path, &names, &handles, &err))
    if n < 0 { throw takeError(err, "load") }
    defer { ct_free_loaded(names, handles, Int32(n)) }
    return (0..<n).map { i in (String(cString: names![i]!), Tensor(owning: handles![i]!)) }
  }
}

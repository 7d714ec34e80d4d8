/// Left- or right-aligns `text` in a column of `width` characters; text as wide as the column or
/// wider keeps one space on the side facing the next column, so columns never run together.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  guard text.count < width else { return right ? " " + text : text + " " }
  let fill = String(repeating: " ", count: width - text.count)
  return right ? fill + text : text + fill
}

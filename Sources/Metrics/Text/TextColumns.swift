/// Left- or right-aligns `text` in a column of `width` characters; text as wide as the column or
/// wider keeps one space on the side facing the next column, so columns never run together.
public func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  guard text.count < width else { return right ? " " + text : text + " " }
  let fill = String(repeating: " ", count: width - text.count)
  return right ? fill + text : text + fill
}

/// Rows as aligned columns, the first left-aligned and the others right-aligned, one line each.
public func columns(_ rows: [[String]]) -> String {
  guard let first = rows.first else { return "" }
  let widths = first.indices.map { c in rows.map { $0.indices.contains(c) ? $0[c].count : 0 }.max()! + 2 }
  return rows.map { row in row.indices.map { pad(row[$0], widths[$0], right: $0 > 0) }.joined() + "\n" }.joined()
}

/// Series colours (Tableau 10, distinguishable for most colour-blind readers);
/// past ten series the colours repeat with a dash pattern so lines stay distinct.
enum Palette {
  static let colors = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  ]
  private static let dashes = ["", "6 3", "2 2", "8 3 2 3"]

  static func color(_ index: Int) -> String { colors[index % colors.count] }

  static func dash(_ index: Int) -> String { dashes[(index / colors.count) % dashes.count] }
}

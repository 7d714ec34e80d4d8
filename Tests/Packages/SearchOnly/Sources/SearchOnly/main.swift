import Search

/// A constant model: every leaf has value prefix 0, value 1 and uniform logits.
struct ConstantModel: SearchModel {
  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
    for b in 0..<leaves.count { evaluations.values[b] = 1 }
  }
}

var configuration = SearchConfig()
configuration.simulations = 8
var model = ConstantModel()
var search = BatchedSearch()
let output = search.run(
  roots: SearchRoots(count: 2, actionCount: 3, policyLogits: Array(repeating: 0, count: 6), values: [0, 0]),
  model: &model, configuration: configuration, seed: 7)
print("visits per root: \(output.visitCounts(root: 0).reduce(0, +)), \(output.visitCounts(root: 1).reduce(0, +))")

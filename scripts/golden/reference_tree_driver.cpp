// Drives the authors' EfficientZero search tree (core/ctree/cnode.cpp and cminimax.cpp of
// YeWR/EfficientZero, compiled from a local checkout by make-reference-tree-fixture.sh) the way their
// core/mcts.py drives it, with the hashed stand-in model of Tests/SearchTests/HashedModel.swift, and
// prints the visit counts, root values and min-max bounds of every case as JSON.
//
// Their selection breaks ties with rand(); the build turns their rand() into ez_rand() below, which
// returns 0, so ties go to the first candidate (the Swift side runs with tieBreak = .first), and their
// srand() (reseeded from the clock) into a no-op.
#include "cnode.h"
#include "cminimax.h"

#include <cstdint>
#include <cstdio>
#include <vector>

extern "C" int ez_rand() { return 0; }
extern "C" void ez_srand(unsigned) {}

namespace {

uint64_t mix(uint64_t x) {
  uint64_t z = x + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The same arithmetic as HashedPredictions (Swift), in float, without contraction.
struct Hashed {
  uint64_t seed;
  int actions;
  float valueScale, rewardScale, logitScale = 3;

  uint64_t rootHash(int root) const { return mix(seed ^ mix(uint64_t(root) + 0x12345678ull)); }
  uint64_t childHash(uint64_t parent, int action) const { return mix(parent + mix(uint64_t(action) + 0xA5A5ull)); }
  float unit(uint64_t hash, uint64_t salt) const {
    return float(mix(hash ^ (salt * 0x9E3779B97F4A7C15ull)) >> 40) * 0x1p-24f;
  }
  float reward(uint64_t h) const { return (2 * unit(h, 1) - 1) * rewardScale; }
  float value(uint64_t h) const { return (2 * unit(h, 2) - 1) * valueScale; }
  std::vector<float> logits(uint64_t h) const {
    std::vector<float> out(actions);
    for (int a = 0; a < actions; ++a) out[a] = (2 * unit(h, 3 + uint64_t(a)) - 1) * logitScale;
    return out;
  }
};

void runCase(bool first, uint64_t seed, int roots, int actions, int simulations, int horizon, float valueScale) {
  Hashed model{seed, actions, valueScale, valueScale / 2};
  const float discount = float(0.997 * 0.997 * 0.997 * 0.997);
  const int pbCBase = 19652;
  const float pbCInit = 1.25f;

  // As their cytree.Roots: a pool of action_num x (simulations + 2) nodes per root, never reallocated.
  tree::CRoots tree(roots, actions, actions * (simulations + 2));
  std::vector<float> rootPrefixes(roots, 0);
  std::vector<std::vector<float>> rootLogits;
  // Latent "states" (path hashes) and value-prefix LSTM states, by [simulation][root] as mcts.py pools them.
  std::vector<std::vector<uint64_t>> hashes(1);
  std::vector<std::vector<float>> lstm(1, std::vector<float>(roots, 0));
  for (int r = 0; r < roots; ++r) {
    rootLogits.push_back(model.logits(model.rootHash(r)));
    hashes[0].push_back(model.rootHash(r));
  }
  tree.prepare_no_noise(rootPrefixes, rootLogits);
  tools::CMinMaxStatsList bounds(roots);
  bounds.set_delta(0.01f);

  for (int s = 0; s < simulations; ++s) {
    tree::CSearchResults results(roots);
    tree::cbatch_traverse(&tree, pbCBase, pbCInit, discount, &bounds, results);
    std::vector<float> prefixes(roots), values(roots);
    std::vector<std::vector<float>> logits(roots);
    std::vector<int> isReset(roots);
    std::vector<uint64_t> newHashes(roots);
    std::vector<float> newLstm(roots);
    for (int i = 0; i < roots; ++i) {
      int x = results.hidden_state_index_x_lst[i], y = results.hidden_state_index_y_lst[i];
      uint64_t h = model.childHash(hashes[x][y], results.last_actions[i]);
      float prefix = lstm[x][y] + model.reward(h);
      isReset[i] = results.search_lens[i] % horizon == 0 ? 1 : 0;
      newHashes[i] = h;
      newLstm[i] = isReset[i] ? 0 : prefix;
      prefixes[i] = prefix;
      values[i] = model.value(h);
      logits[i] = model.logits(h);
    }
    hashes.push_back(newHashes);
    lstm.push_back(newLstm);
    tree::cbatch_back_propagate(s + 1, discount, prefixes, values, logits, &bounds, results, isReset);
  }

  std::vector<std::vector<int>> visits = tree.get_distributions();
  std::vector<float> rootValues = tree.get_values();
  std::printf("%s{\"seed\":%llu,\"roots\":%d,\"actions\":%d,\"simulations\":%d,\"horizon\":%d,\"value_scale\":%.9g,",
              first ? "" : ",\n", (unsigned long long)seed, roots, actions, simulations, horizon, valueScale);
  std::printf("\"discount\":%.9g,\"visits\":[", discount);
  for (int r = 0; r < roots; ++r) {
    std::printf("%s[", r ? "," : "");
    for (int a = 0; a < actions; ++a) std::printf("%s%d", a ? "," : "", visits[r][a]);
    std::printf("]");
  }
  std::printf("],\"root_values\":[");
  for (int r = 0; r < roots; ++r) std::printf("%s%.9g", r ? "," : "", rootValues[r]);
  std::printf("],\"minimum\":[");
  for (int r = 0; r < roots; ++r) std::printf("%s%.9g", r ? "," : "", bounds.stats_lst[r].minimum);
  std::printf("],\"maximum\":[");
  for (int r = 0; r < roots; ++r) std::printf("%s%.9g", r ? "," : "", bounds.stats_lst[r].maximum);
  std::printf("]}");
}

}  // namespace

int main() {
  bool first = true;
  std::printf("[\n");
  for (uint64_t seed : {1ull, 2ull})
    for (int actions : {2, 4, 9, 18})
      for (int simulations : {1, 2, 5, 10, 25, 50})
        for (int horizon : {5, 3})
          for (float scale : {0.002f, 0.3f, 1.0f, 40.0f}) {
            runCase(first, seed * 1000 + uint64_t(simulations) * 10 + uint64_t(actions), 3, actions, simulations,
                    horizon, scale);
            first = false;
          }
  std::printf("\n]\n");
  return 0;
}

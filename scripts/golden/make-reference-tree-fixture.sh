#!/usr/bin/env bash
# Writes the golden outputs of the authors' EfficientZero search tree that Tests/SearchTests compares
# the Swift search with. Usage:
#
#   scripts/golden/make-reference-tree-fixture.sh /path/to/YeWR-EfficientZero-checkout
#
# It compiles their core/ctree/cnode.cpp and cminimax.cpp (copied from the checkout into a temporary
# folder, where rand()/srand() become the driver's ez_rand()/ez_srand(); nothing of theirs is kept)
# with reference_tree_driver.cpp, twice:
#   original: their tree as it is;
#   fixed:    with the min-max rebuild (update_tree_q) taking each node's value prefix and reset flag
#             from its real parent instead of from the node visited before it (their depth-first loop
#             carries the previously popped node's, which is a bug; design notes, section 4).
# and writes Tests/SearchTests/Resources/reference_tree_{original,fixed}.json.
set -euo pipefail
checkout=${1:?usage: $0 /path/to/YeWR-EfficientZero-checkout}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../Tests/SearchTests/Resources"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in cnode.cpp cnode.h cminimax.cpp cminimax.h; do cp "$checkout/core/ctree/$f" "$work/$f"; done
mkdir -p "$work/fixed" "$out"
cp "$work"/c* "$work/fixed/"
python3 - "$work/cnode.cpp" "$work/fixed/cnode.cpp" <<'PY'
import sys
for path in sys.argv[1:]:
    text = open(path).read()
    # Ties: the driver's generator (always the first candidate); no reseeding from the clock.
    text = text.replace("srand(t1.tv_usec)", "ez_srand(t1.tv_usec)").replace("rand() %", "ez_rand() %")
    text = text.replace('#include "cnode.h"', '#include "cnode.h"\nextern "C" int ez_rand();\nextern "C" void ez_srand(unsigned);', 1)
    open(path, "w").write(text)
path = sys.argv[2]
text = open(path).read()
start = text.index("    void update_tree_q(")
end = text.index("    void cback_propagate(")
fixed = '''    void update_tree_q(CNode* root, tools::CMinMaxStats &min_max_stats, float discount){
        // Each stacked node carries its own parent's value prefix and reset flag.
        struct Entry { CNode* node; float parent_value_prefix; int parent_is_reset; };
        std::stack<Entry> node_stack;
        node_stack.push({root, 0.0f, 0});
        while(node_stack.size() > 0){
            Entry entry = node_stack.top();
            node_stack.pop();
            CNode* node = entry.node;
            if(node != root){
                float true_reward = node->value_prefix - entry.parent_value_prefix;
                if(entry.parent_is_reset == 1){
                    true_reward = node->value_prefix;
                }
                float qsa = true_reward + discount * node->value();
                min_max_stats.update(qsa);
            }
            for(int a = 0; a < node->action_num; ++a){
                CNode* child = node->get_child(a);
                if(child->expanded()){
                    node_stack.push({child, node->value_prefix, node->is_reset});
                }
            }
        }
    }

'''
open(path, "w").write(text[:start] + fixed + text[end:])
PY
flags=(-std=c++17 -O1 -ffp-contract=off)
declare -A dirs=([original]="$work" [fixed]="$work/fixed")
for variant in original fixed; do
  d=${dirs[$variant]}
  g++ "${flags[@]}" -I"$d" -o "$work/driver-$variant" \
    "$here/reference_tree_driver.cpp" "$d/cnode.cpp" "$d/cminimax.cpp"
  "$work/driver-$variant" > "$out/reference_tree_$variant.json"
  echo "wrote $out/reference_tree_$variant.json ($(grep -c '"seed"' "$out/reference_tree_$variant.json") cases)"
done

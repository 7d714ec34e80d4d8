"""Golden outputs of mctx's Gumbel MuZero search for Tests/SearchTests/Resources/mctx_gumbel.json.

mctx's own `gumbel_muzero_policy` (with its default `qtransform_completed_by_mix_value`) searches with the
hashed stand-in model of Tests/SearchTests/HashedModel.swift: every prediction is a pure function of the
root index and the action path, computed here with the same 64-bit hash and the same float32 arithmetic,
so both sides see identical models. The value-prefix horizon is 1, so a node's value prefix is its reward.

The Gumbel draws are made the way mctx makes them (a split of the key, then `jax.random.gumbel`) and written
into the fixture; the Swift test feeds them in instead of reproducing JAX's generator.

Run (outside the repository's build, any machine):
    python3 -m venv /tmp/mctx-venv && /tmp/mctx-venv/bin/pip install mctx "jax[cpu]"
    /tmp/mctx-venv/bin/python scripts/golden/make-mctx-gumbel-fixture.py \
        Tests/SearchTests/Resources/mctx_gumbel.json
"""

import itertools
import json
import sys

import jax
import jax.numpy as jnp
import mctx
import numpy as np

M64 = (1 << 64) - 1


def mix(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class Predictions:
    """HashedPredictions of the Swift tests, horizon 1."""

    def __init__(self, seed, actions, value_scale, reward_scale, logit_scale=3.0):
        self.seed = seed
        self.actions = actions
        self.value_scale = np.float32(value_scale)
        self.reward_scale = np.float32(reward_scale)
        self.logit_scale = np.float32(logit_scale)

    def root_hash(self, root):
        return mix(self.seed ^ mix((root + 0x12345678) & M64))

    @staticmethod
    def child_hash(parent, action):
        return mix((parent + mix((action + 0xA5A5) & M64)) & M64)

    @staticmethod
    def unit(h, salt):
        return np.float32(mix(h ^ ((salt * 0x9E3779B97F4A7C15) & M64)) >> 40) * np.float32(2.0**-24)

    def signed(self, h, salt, scale):
        return (np.float32(2) * self.unit(h, salt) - np.float32(1)) * scale

    def reward(self, h):
        return self.signed(h, 1, self.reward_scale)

    def value(self, h):
        return self.signed(h, 2, self.value_scale)

    def logits(self, h):
        return np.array([self.signed(h, 3 + a, self.logit_scale) for a in range(self.actions)], dtype=np.float32)


def split(h):
    return np.uint32(h >> 32), np.uint32(h & 0xFFFFFFFF)


def join(hi, lo):
    return (int(hi) << 32) | int(lo)


def run_case(seed, actions, simulations, considered, discount, value_scale, reward_scale, roots, masked, noisy):
    p = Predictions(seed, actions, value_scale, reward_scale)
    hashes = [p.root_hash(r) for r in range(roots)]
    root_logits = np.stack([p.logits(h) for h in hashes])
    root_values = np.array([p.value(h) for h in hashes], dtype=np.float32)
    rng = np.random.default_rng(seed)
    invalid = None
    if masked:
        invalid = rng.random((roots, actions)) < 0.4
        for r in range(roots):
            if invalid[r].all():
                invalid[r, rng.integers(actions)] = False
    key = jax.random.PRNGKey(seed)
    # gumbel_muzero_policy's own draws: the second half of the first split of its key.
    _, gumbel_key = jax.random.split(key)
    gumbel = np.asarray(jax.random.gumbel(gumbel_key, shape=(roots, actions), dtype=jnp.float32))
    gumbel_scale = 1.0 if noisy else 0.0

    def host_step(action, hi, lo):
        n = action.shape[0]
        rewards = np.zeros(n, np.float32)
        values = np.zeros(n, np.float32)
        logits = np.zeros((n, actions), np.float32)
        new_hi = np.zeros(n, np.uint32)
        new_lo = np.zeros(n, np.uint32)
        for i in range(n):
            h = Predictions.child_hash(join(hi[i], lo[i]), int(action[i]))
            rewards[i] = p.reward(h)
            values[i] = p.value(h)
            logits[i] = p.logits(h)
            new_hi[i], new_lo[i] = split(h)
        return rewards, values, logits, new_hi, new_lo

    def recurrent_fn(params, rng_key, action, embedding):
        del params, rng_key
        hi, lo = embedding
        n = action.shape[0]
        shapes = (
            jax.ShapeDtypeStruct((n,), jnp.float32),
            jax.ShapeDtypeStruct((n,), jnp.float32),
            jax.ShapeDtypeStruct((n, actions), jnp.float32),
            jax.ShapeDtypeStruct((n,), jnp.uint32),
            jax.ShapeDtypeStruct((n,), jnp.uint32),
        )
        rewards, values, logits, new_hi, new_lo = jax.pure_callback(
            host_step, shapes, action, hi, lo, vmap_method="sequential")
        out = mctx.RecurrentFnOutput(
            reward=rewards, discount=jnp.full((n,), discount, jnp.float32), prior_logits=logits, value=values)
        return out, (new_hi, new_lo)

    his, los = zip(*(split(h) for h in hashes))
    root = mctx.RootFnOutput(
        prior_logits=jnp.asarray(root_logits), value=jnp.asarray(root_values),
        embedding=(jnp.asarray(np.array(his, np.uint32)), jnp.asarray(np.array(los, np.uint32))))
    out = mctx.gumbel_muzero_policy(
        params=(), rng_key=key, root=root, recurrent_fn=recurrent_fn, num_simulations=simulations,
        invalid_actions=None if invalid is None else jnp.asarray(invalid),
        max_num_considered_actions=considered, gumbel_scale=gumbel_scale)
    visits = np.asarray(out.search_tree.summary().visit_counts)
    return {
        "seed": seed, "roots": roots, "actions": actions, "simulations": simulations, "considered": considered,
        "discount": float(np.float32(discount)), "value_scale": float(value_scale), "reward_scale": float(reward_scale),
        "legal": None if invalid is None else (~invalid).astype(int).tolist(),
        "gumbel": (np.float32(gumbel_scale) * gumbel).astype(float).tolist(),
        "visits": visits.astype(int).tolist(),
        "actions_chosen": np.asarray(out.action).astype(int).tolist(),
        "policy": np.asarray(out.action_weights).astype(float).tolist(),
        # The root's value: the network's value counted as its first visit, then the mean of the backups.
        "root_value": np.asarray(out.search_tree.summary().value).astype(float).tolist(),
    }


def main(path):
    cases = []
    seed = 1
    grid = itertools.product(
        [2, 5, 18],  # actions
        [1, 2, 3, 8, 16, 50],  # simulations
        [1, 4, 16],  # considered
    )
    for actions, simulations, considered in grid:
        scales = [(1.0, 0.5), (20.0, 2.0), (0.01, 0.001)][seed % 3]
        discount = [0.997**4, 0.9][seed % 2]
        cases.append(run_case(
            seed, actions, simulations, considered, discount, scales[0], scales[1], roots=3,
            masked=(seed % 4 == 1), noisy=(seed % 5 != 0)))
        seed += 1
    with open(path, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases written to {path} (mctx {mctx.__version__}, jax {jax.__version__})")


if __name__ == "__main__":
    main(sys.argv[1])

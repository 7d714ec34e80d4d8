"""Writes the DMControl test references from dm_control's own Python code.

Run once, outside the repository, in a throw-away virtual environment:
    python3 -m venv /tmp/dmcref
    /tmp/dmcref/bin/pip install mujoco==3.17.0 dm-control==1.0.50
    MUJOCO_GL=osmesa /tmp/dmcref/bin/python make_references.py OUTPUT_FOLDER

For each task: the 84x84 camera-0 frame after reset with task random=SEED, and after AGENT_STEPS
agent steps of a fixed action pattern (EfficientZero's 5-value grid, action repeat 8/4/4), as binary
PPM; and a JSON file with the controls, per-control-step rewards and the state after every agent step,
plus the initial states for seeds 0..9.
"""
import itertools
import json
import os
import sys

import numpy as np
from dm_control import suite

TASKS = [("cartpole", "swingup", 8), ("reacher", "easy", 4), ("ball_in_cup", "catch", 4)]
SEED = 7
AGENT_STEPS = 12


def write_ppm(path, frame):
    height, width, _ = frame.shape
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.write(np.ascontiguousarray(frame, dtype=np.uint8).tobytes())


def grid(env):
    spec = env.action_spec()
    values = [np.linspace(lo, hi, 5) for lo, hi in zip(spec.minimum, spec.maximum)]
    return [np.array(a) for a in itertools.product(*values)]


def main(out):
    os.makedirs(out, exist_ok=True)
    reference = {}
    for domain, task, repeat in TASKS:
        name = f"{domain}-{task}"
        env = suite.load(domain, task, task_kwargs={"random": SEED})
        actions = grid(env)
        env.reset()
        render = lambda: env.physics.render(height=84, width=84, camera_id=0)
        write_ppm(os.path.join(out, f"{name}-reset.ppm"), render())
        entry = {"seed": SEED, "action_repeat": repeat, "actions": [], "rewards": [], "qpos": [], "qvel": [],
                 "initial_qpos": env.physics.data.qpos.tolist(), "initial_qvel": env.physics.data.qvel.tolist()}
        if domain == "reacher":
            entry["initial_target"] = env.physics.named.model.geom_pos["target", :2].tolist()
        for t in range(AGENT_STEPS):
            index = (7 * t + 3) % len(actions)
            entry["actions"].append(index)
            for _ in range(repeat):
                entry["rewards"].append(float(env.step(actions[index]).reward))
            entry["qpos"].append(env.physics.data.qpos.tolist())
            entry["qvel"].append(env.physics.data.qvel.tolist())
        write_ppm(os.path.join(out, f"{name}-step{AGENT_STEPS}.ppm"), render())
        starts = []
        for seed in range(10):
            env = suite.load(domain, task, task_kwargs={"random": seed})
            env.reset()
            start = {"qpos": env.physics.data.qpos.tolist(), "qvel": env.physics.data.qvel.tolist()}
            if domain == "reacher":
                start["target"] = env.physics.named.model.geom_pos["target", :2].tolist()
            starts.append(start)
        entry["starts"] = starts
        reference[name] = entry
    with open(os.path.join(out, "trajectories.json"), "w") as f:
        json.dump(reference, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])

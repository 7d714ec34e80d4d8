# LightZero 0.2.0's EfficientZero on an Atari game with the settings of ezero's `atari100k-cpu` preset,
# for a bounded number of agent steps, so that its evaluation curve can be charted beside ours.
# Research notes behind every key: runs/notes/lightzero-calibration.md.
#
#   python lightzero_calibration.py --game Breakout --seed 0 --max-env-steps 15000 \
#       --eval-every-env-steps 2500 --eval-episodes 32 --threads 2 --out DIR \
#       [--max-episode-steps 27000] [--start-transitions 2000]
#
# Writes DIR/curve.csv (agent_steps,return_mean,return_std,episodes,train_iter; one row per evaluation,
# the initial one included), DIR/settings.md (ours -> LightZero, and what could not be matched) and
# LightZero's own experiment folder DIR/lightzero* (total_config.py, logs, TensorBoard, checkpoints).
#
# The loop is LightZero's train_muzero (lzero/entry/train_muzero.py) cut down, with four changes that
# the stock entry cannot express: evaluations at agent-step intervals (train_muzero counts them in
# training iterations and never evaluates the final policy), the preset's random warm-up and exact
# replay ratio (one update per 6 agent steps after it), its learning-rate warm-up, and its annealed
# importance-sampling beta. Networks, search, targets, losses, buffer and workers are LightZero's.
import argparse, csv, math, os, sys, time, warnings

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--game", default="Breakout")
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--max-env-steps", type=int, required=True, help="agent steps to collect")
parser.add_argument("--eval-every-env-steps", type=int, required=True, help="agent steps between evaluations")
parser.add_argument("--eval-episodes", type=int, default=32)
parser.add_argument("--threads", type=int, default=1, help="torch (and OpenMP) threads")
parser.add_argument("--max-episode-steps", type=int, default=27000,
                    help="episode cap in agent steps, collect and eval (27,000 = 108k frames)")
parser.add_argument("--start-transitions", type=int, default=2000,
                    help="random-action warm-up in agent steps (the preset's 2,000; lower only for smoke tests)")
parser.add_argument("--out", required=True)
args = parser.parse_args()

# Thread counts must be fixed before numpy/torch/cv2 load their pools.
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = str(args.threads)
warnings.filterwarnings("ignore")

import numpy as np
import torch
torch.set_num_threads(args.threads)
import cv2
cv2.setNumThreads(1)
from functools import partial
from ding.config import compile_config
from ding.envs import create_env_manager, get_vec_env_setting
from ding.policy import create_policy
from ding.utils import set_pkg_seed
from ding.worker import BaseLearner
from tensorboardX import SummaryWriter
from lzero.mcts import EfficientZeroGameBuffer
from lzero.policy import visit_count_temperature
from lzero.policy.random_policy import LightZeroRandomPolicy
from lzero.worker import MuZeroCollector, MuZeroEvaluator
from zoo.atari.config.atari_efficientzero_config import main_config, create_config
from zoo.atari.config.atari_env_action_space_map import atari_env_action_space_map

# ---- The preset (atari100k-cpu), as numbers used below --------------------------------------------
ENV_STEPS_PER_TRAIN_STEP = 6       # replay ratio 1/6
PRESET_ENV_STEPS = 100_000         # the full run's collection budget
COLLECTION_TRAIN_STEPS = 16_667    # training steps of the collection phase (schedules' T)
TOTAL_TRAIN_STEPS = 20_000         # 3,333 more on the fixed replay once collection ends
START_TRANSITIONS = args.start_transitions  # random-action warm-up before training starts (2,000)
WARMUP_STEPS = int(COLLECTION_TRAIN_STEPS * 0.01)  # lr warm-up: 1% of the collection steps = 166
LR, LR_DECAY, LR_DECAY_STEPS = 0.2, 0.1, 16_667
BETA_START = 0.4                   # annealed linearly to 1 over TOTAL_TRAIN_STEPS
DISCOUNT = 0.997 ** 4              # ours per agent step; LightZero applies discount_factor per transition

env_id = f"{args.game}NoFrameskip-v4"
cfg, create = main_config, create_config  # fresh module objects: this process runs once
out = os.path.abspath(args.out)
os.makedirs(out, exist_ok=True)
os.chdir(out)  # DI-engine writes ./<exp_name>: keep it inside DIR
cfg.exp_name = "lightzero"
eval_envs = min(args.eval_episodes, 32)  # one env per episode up to 32: the search is batched across envs

cfg.env.update(
    env_id=env_id, observation_shape=[4, 64, 64], gray_scale=True, frame_skip=4,
    collector_env_num=4, evaluator_env_num=eval_envs, n_evaluator_episode=args.eval_episodes,
    collect_max_episode_steps=args.max_episode_steps, eval_max_episode_steps=args.max_episode_steps,
)
# One process: the CPU budget is --threads, and everything is seeded from one place.
create.env_manager.type = "base"
cfg.policy.model.update(
    observation_shape=[4, 64, 64], image_channel=1, frame_stack_num=4, gray_scale=True, downsample=True,
    action_space_size=atari_env_action_space_map[env_id],
    num_res_blocks=1, num_channels=32,
    reward_head_channels=16, value_head_channels=16, policy_head_channels=16,
    reward_head_hidden_channels=[32], value_head_hidden_channels=[32], policy_head_hidden_channels=[32],
    lstm_hidden_size=128,
    support_scale=300, reward_support_size=601, value_support_size=601,  # sizes must be 2*scale+1
    proj_hid=256, proj_out=256, pred_hid=128, pred_out=256,
    self_supervised_learning_loss=True, categorical_distribution=True,
)
cfg.policy.update(
    cuda=False, mcts_ctree=True, env_type="not_board_games",
    collector_env_num=4, evaluator_env_num=eval_envs, n_episode=4,
    batch_size=64, num_simulations=16,
    root_dirichlet_alpha=0.3, root_noise_weight=0.25, pb_c_init=1.25, pb_c_base=19652, value_delta_max=0.01,
    # The loop below trains floor((steps since warm-up) / 6) times; these keep LightZero's own count in step.
    update_per_collect=None, replay_ratio=1 / ENV_STEPS_PER_TRAIN_STEP,
    optim_type="SGD", learning_rate=LR, momentum=0.9, weight_decay=1e-4, grad_clip_value=5,
    # LightZero's piecewise rule (x0.1 at 0.5*T) put at the preset's decay; replaced below by the exact
    # schedule with warm-up, the same LambdaLR slot.
    piecewise_decay_lr_scheduler=True, threshold_training_steps_for_final_lr=2 * LR_DECAY_STEPS,
    # Self-play temperature 1 -> 0.5 -> 0.25 at 50% / 75% of the collection steps, as ours.
    manual_temperature_decay=True, threshold_training_steps_for_final_temperature=COLLECTION_TRAIN_STEPS,
    target_update_freq=200,
    td_steps=5, num_unroll_steps=5, lstm_horizon_len=5, discount_factor=DISCOUNT,
    reanalyze_ratio=0.99, use_root_value=True, reanalyze_noise=True,
    use_priority=True, priority_prob_alpha=0.6, priority_prob_beta=BETA_START,
    reward_loss_weight=1, policy_loss_weight=1, value_loss_weight=0.25, ssl_loss_weight=2,
    use_augmentation=True, augmentation=["shift", "intensity"],
    game_segment_length=400, replay_buffer_size=int(1e6),
    random_collect_episode_num=0,  # the warm-up below counts transitions, as ours
    eval_freq=10 ** 9,  # evaluations are scheduled by agent steps below
)
cfg.policy.device = "cpu"
cfg = compile_config(cfg, seed=args.seed, env=None, auto=True, create_cfg=create, save_cfg=True)

env_fn, collector_env_cfg, evaluator_env_cfg = get_vec_env_setting(cfg.env)
collector_env = create_env_manager(cfg.env.manager, [partial(env_fn, cfg=c) for c in collector_env_cfg])
evaluator_env = create_env_manager(cfg.env.manager, [partial(env_fn, cfg=c) for c in evaluator_env_cfg])
collector_env.seed(cfg.seed)
evaluator_env.seed(cfg.seed, dynamic_seed=False)
set_pkg_seed(cfg.seed, use_cuda=False)

policy = create_policy(cfg.policy, enable_field=["learn", "collect", "eval"])
# Our schedule: linear warm-up from 0 over 166 steps, then x0.1 every 16,667 steps after it.
policy.lr_scheduler = torch.optim.lr_scheduler.LambdaLR(
    policy._optimizer,
    lambda s: s / WARMUP_STEPS if s < WARMUP_STEPS else LR_DECAY ** ((s - WARMUP_STEPS) // LR_DECAY_STEPS))
tb_logger = SummaryWriter(os.path.join(f"./{cfg.exp_name}/log/", "serial"))
learner = BaseLearner(cfg.policy.learn.learner, policy.learn_mode, tb_logger, exp_name=cfg.exp_name)
buffer = EfficientZeroGameBuffer(cfg.policy)
collector = MuZeroCollector(env=collector_env, policy=policy.collect_mode, tb_logger=tb_logger,
                            exp_name=cfg.exp_name, policy_config=cfg.policy)
evaluator = MuZeroEvaluator(eval_freq=cfg.policy.eval_freq, n_evaluator_episode=cfg.env.n_evaluator_episode,
                            stop_value=cfg.env.stop_value, env=evaluator_env, policy=policy.eval_mode,
                            tb_logger=tb_logger, exp_name=cfg.exp_name, policy_config=cfg.policy)
learner.call_hook("before_run")

curve_file = open(os.path.join(out, "curve.csv"), "w", newline="")
curve = csv.writer(curve_file)
curve.writerow(["agent_steps", "return_mean", "return_std", "episodes", "train_iter"])
last_eval_step = None

def evaluate():
    """LightZero's evaluator (arg-max of visit counts, no root noise, whole games with raw rewards)."""
    global last_eval_step
    begin = time.time()
    _, info = evaluator.eval(learner.save_checkpoint, learner.train_iter, collector.envstep)
    returns = np.asarray(info["eval_episode_return"], dtype=np.float64)
    curve.writerow([collector.envstep, f"{returns.mean():.3f}", f"{returns.std():.3f}", len(returns), learner.train_iter])
    curve_file.flush()
    last_eval_step = collector.envstep
    print(f"[calibration] eval at {collector.envstep} agent steps, iter {learner.train_iter}: "
          f"{returns.mean():.2f} +- {returns.std():.2f} over {len(returns)} ({time.time() - begin:.0f} s)", flush=True)

def train(steps):
    for _ in range(steps):
        # Ours anneals the importance-sampling beta 0.4 -> 1 over all training steps; LightZero keeps it fixed.
        buffer._beta = BETA_START + (1 - BETA_START) * min(1.0, learner.train_iter / TOTAL_TRAIN_STEPS)
        data = buffer.sample(cfg.policy.batch_size, policy)
        log_vars = learner.train(data, collector.envstep)
        buffer.update_priority(data, log_vars[0]["value_priority_orig"])

def store(segments):
    buffer.push_game_segments(segments)
    buffer.remove_oldest_data_to_fit()

# ---- settings.md: what ran, read back from the compiled config ------------------------------------
def key(path):
    node = cfg
    for part in path.split("."):
        if part not in node:
            return "?"
        node = node[part]
    return node

rows = [  # (ours, our value, LightZero key)
    ("game", env_id, "env.env_id"),
    ("observation 64x64 gray", "64, gray", "env.observation_shape / env.gray_scale"),
    ("frame stack 4", 4, "policy.model.frame_stack_num"),
    ("frame skip 4 (max of last 2 frames)", 4, "env.frame_skip"),
    ("self-play environments", 4, "policy.collector_env_num"),
    ("evaluation episodes", args.eval_episodes, "env.n_evaluator_episode"),
    ("evaluation environments (batched search)", "-", "policy.evaluator_env_num"),
    ("episode cap (agent steps)", "3,000 (periodic eval and self-play)", "env.eval_max_episode_steps"),
    ("channels", 32, "policy.model.num_channels"),
    ("residual blocks", 1, "policy.model.num_res_blocks"),
    ("reduced channels", 16, "policy.model.value_head_channels"),
    ("head hidden", [32], "policy.model.value_head_hidden_channels"),
    ("LSTM hidden", 128, "policy.model.lstm_hidden_size"),
    ("support 300", 300, "policy.model.support_scale"),
    ("support bins", 601, "policy.model.value_support_size"),
    ("projection hidden / out", "256 / 256", "policy.model.proj_hid"),
    ("", "", "policy.model.proj_out"),
    ("predictor hidden", 128, "policy.model.pred_hid"),
    ("batch", 64, "policy.batch_size"),
    ("simulations", 16, "policy.num_simulations"),
    ("PUCT c1", 1.25, "policy.pb_c_init"),
    ("PUCT c2", 19652, "policy.pb_c_base"),
    ("min-max floor", 0.01, "policy.value_delta_max"),
    ("Dirichlet alpha", 0.3, "policy.root_dirichlet_alpha"),
    ("exploration fraction", 0.25, "policy.root_noise_weight"),
    ("agent steps per training step", 6, "policy.replay_ratio (driver trains floor(steps/6))"),
    ("optimizer", "SGD", "policy.optim_type"),
    ("learning rate", 0.2, "policy.learning_rate"),
    ("momentum", 0.9, "policy.momentum"),
    ("weight decay", 1e-4, "policy.weight_decay"),
    ("lr x0.1 at 16,667 (+ warm-up)", "see below", "policy.threshold_training_steps_for_final_lr"),
    ("max grad norm", 5.0, "policy.grad_clip_value"),
    ("target refresh", 200, "policy.target_update_freq"),
    ("td steps", 5, "policy.td_steps"),
    ("unroll steps", 5, "policy.num_unroll_steps"),
    ("LSTM horizon", 5, "policy.lstm_horizon_len"),
    ("discount per agent step", 0.988053892081, "policy.discount_factor"),
    ("reanalysed policy targets", 0.99, "policy.reanalyze_ratio"),
    ("root value as bootstrap", True, "policy.use_root_value"),
    ("priority alpha", 0.6, "policy.priority_prob_alpha"),
    ("priority beta (start)", 0.4, "policy.priority_prob_beta"),
    ("prioritised replay", True, "policy.use_priority"),
    ("segment length", 400, "policy.game_segment_length"),
    ("replay capacity", 1_000_000, "policy.replay_buffer_size"),
    ("consistency loss", True, "policy.model.self_supervised_learning_loss"),
    ("consistency weight", 2.0, "policy.ssl_loss_weight"),
    ("value weight", 0.25, "policy.value_loss_weight"),
    ("reward / policy weight", 1.0, "policy.reward_loss_weight"),
    ("augmentation", True, "policy.use_augmentation"),
    ("self-play temperature 1/0.5/0.25 at 50/75%", 16_667, "policy.threshold_training_steps_for_final_temperature"),
]
def write_settings(status):
    """Written before training (so a failed run still has it) and again with the totals."""
    with open(os.path.join(out, "settings.md"), "w") as f:
        f.write(f"# LightZero 0.2.0 EfficientZero, matched to ezero `atari100k-cpu` ({env_id}, seed {args.seed})\n\n")
        f.write(f"Run: --max-env-steps {args.max_env_steps}, evaluation every {args.eval_every_env_steps} agent "
                f"steps ({args.eval_episodes} episodes), {args.threads} torch threads. {status} LightZero's "
                f"folder: `{cfg.exp_name}/` (`total_config.py` is the full config).\n\n")
        f.write("| ours | our value | LightZero key | LightZero value |\n|---|---|---|---|\n")
        for ours, value, path in rows:
            shown = key(path.split(" ")[0])
            f.write(f"| {ours} | {value} | `{path}` | {shown} |\n")
        f.write(f"""
Set by this driver rather than a config key:
- Random warm-up: random actions (LightZeroRandomPolicy) until {START_TRANSITIONS} agent steps (ours: 2,000).
- Replay ratio: after the warm-up, floor((agent steps - warm-up) / 6) training steps in all (exact count);
  with {PRESET_ENV_STEPS} agent steps, training continues on the fixed replay to {TOTAL_TRAIN_STEPS} steps.
- Learning rate: ours exactly, LambdaLR in the policy's `lr_scheduler` slot: 0.2 * s/{WARMUP_STEPS} for
  s < {WARMUP_STEPS}, then 0.2 * 0.1^((s - {WARMUP_STEPS}) // {LR_DECAY_STEPS}) (LightZero has no warm-up).
- Priority beta: annealed 0.4 -> 1 over {TOTAL_TRAIN_STEPS} steps by setting the buffer's beta before each
  sample (LightZero keeps it constant).
- Evaluations: at the first collect boundary at or past each multiple of {args.eval_every_env_steps} agent
  steps, and after the last training step.
- Discount: LightZero applies `discount_factor` per stored transition = one agent step (4 frames), in the
  n-step targets (game_buffer_efficientzero.py) and the search backup, so it is set to ours per agent step.

Not matched (nearest used):
- Interleaving: ours trains one step per 6 agent steps, interleaved; LightZero collects 4 whole
  (life-)episodes per `collect()` and then trains the owed steps in one burst. Same count, burstier.
  The search batch also shrinks from 4 to 1 at the end of each collect (finished envs wait).
- Self-play weights: ours refreshes them every 100 training steps; LightZero plays with the live weights
  (fixed within a collect).
- Target network: ours gets the weights saved at the previous refresh (200-400 steps old, fresh_target
  false); LightZero copies the current weights every 200 steps.
- Off-policy correction (dynamic td horizon): not in LightZero 0.2.0 (a TODO); fixed td_steps 5 clipped to
  the segment end.
- Time-limit bootstrap: ours bootstraps truncated episodes; LightZero treats the cap as terminal.
- Hidden-state gradient scale 0.5 in the unroll: LightZero does not scale it (it scales the loss by 1/5).
- Network details: LightZero's projection is 3 layers + 2-layer predictor with its own BN placement;
  ours' pooled prediction norm / per-step head BN / value-prefix norm are not options there. Sizes match.
- Search ties: LightZero's eval arg-max (np.argmax) takes the lowest action index among equal visit counts;
  ours breaks ties at random. In Breakout the untrained agent's uniform visits give NOOP every step (checked:
  400 of 400 eval actions), so it never FIREs and plays every eval episode to the cap. Min-max: value_delta_max 0.01
  is LightZero's nearest to our min-max floor 0.01 (whole-tree rule not an option).
- Episode caps: ours cuts periodic evaluations at 3,000 agent steps and self-play episodes at 12,000 frames
  (3,000 steps); here both are --max-episode-steps = {args.max_episode_steps} agent steps (LightZero's cap is
  per life during collection). Pass --max-episode-steps 3000 to match ours.
- Precision: ours may use bfloat16 (amp auto); LightZero runs float32 on the CPU.
- Reward clipping and life loss: LightZero hard-sets both on for collection and off for evaluation, as ours.
""")

write_settings("Running.")
begin = time.time()
evaluate()  # the initial (untrained) agent, as train_muzero does

# Random warm-up, as ours: random actions until START_TRANSITIONS agent steps are in replay.
# (0.2.0's random policy does not accept the `timestep` its collector passes; it is dropped for it.)
_random_forward = LightZeroRandomPolicy._forward_collect
LightZeroRandomPolicy._forward_collect = lambda self, *a, timestep=None, **kw: _random_forward(self, *a, **kw)
random_policy = LightZeroRandomPolicy(cfg=cfg.policy, action_space=collector_env.env_ref.action_space)
collector.reset_policy(random_policy.collect_mode)
while collector.envstep < min(START_TRANSITIONS, args.max_env_steps):
    store(collector.collect(n_episode=4, train_iter=0, policy_kwargs={"temperature": 1, "epsilon": 0.0}))
collector.reset_policy(policy.collect_mode)
train_start = collector.envstep
next_eval = (collector.envstep // args.eval_every_env_steps + 1) * args.eval_every_env_steps
if collector.envstep >= args.eval_every_env_steps:
    evaluate()

# Collection: LightZero collects whole (life-)episodes of its 4 environments, then trains the updates
# owed, so the preset's 1 update per 6 agent steps holds in count (not interleaved step by step).
while collector.envstep < args.max_env_steps:
    temperature = visit_count_temperature(True, 0.25, COLLECTION_TRAIN_STEPS, learner.train_iter)
    store(collector.collect(train_iter=learner.train_iter, policy_kwargs={"temperature": temperature, "epsilon": 0.0}))
    owed = (collector.envstep - train_start) // ENV_STEPS_PER_TRAIN_STEP - learner.train_iter
    train(max(0, min(owed, TOTAL_TRAIN_STEPS - learner.train_iter)))
    if collector.envstep >= next_eval:
        evaluate()
        next_eval = (collector.envstep // args.eval_every_env_steps + 1) * args.eval_every_env_steps

# The full preset trains on the fixed replay after collection, up to 20,000 steps in all.
if args.max_env_steps >= PRESET_ENV_STEPS and learner.train_iter < TOTAL_TRAIN_STEPS:
    train(TOTAL_TRAIN_STEPS - learner.train_iter)
    last_eval_step = None
if last_eval_step != collector.envstep:
    evaluate()  # the final policy (train_muzero leaves it unevaluated)
learner.call_hook("after_run")
curve_file.close()
wall = time.time() - begin
write_settings(f"Reached {collector.envstep} agent steps and {learner.train_iter} training steps in {wall:.0f} s.")

print(f"[calibration] done: {collector.envstep} agent steps, {learner.train_iter} training steps, {wall:.0f} s", flush=True)

# LightZero 0.2.0's EfficientZero on an Atari game with the paper's settings (96x96 RGB, 4 frames,
# support 300, LSTM 512, batch B, 50 simulations, reanalyse ratio 1.0), timed per training iteration
# as `ezero bench pipeline` times its own: one self-play environment step, one batch sampled and
# reanalysed (LightZero's GameBuffer.sample), one learner step. Its own entry point (train_muzero)
# is followed for the set-up; everything runs in this process on the CPU.
# Arguments: game batch simulations root_value(0|1) threads repeats warmup;
# prints: torch version, self-play s/env step, reanalyse s, learner s, peak RSS GB.
import atexit, copy, os, resource, shutil, statistics, sys, tempfile, time, warnings
from functools import partial

warnings.filterwarnings("ignore")
game, batch, simulations, root_value = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
threads, repeats, warmup = (int(a) for a in sys.argv[5:8])

import logging
logging.disable(logging.WARNING)
import torch
torch.set_num_threads(threads)
from ding.config import compile_config
from ding.envs import create_env_manager, get_vec_env_setting
from ding.policy import create_policy
from ding.worker import BaseLearner
from lzero.mcts import EfficientZeroGameBuffer
from lzero.policy.random_policy import LightZeroRandomPolicy
from lzero.worker import MuZeroCollector
from zoo.atari.config.atari_efficientzero_config import main_config, create_config
from zoo.atari.config.atari_env_action_space_map import atari_env_action_space_map

env_id = f"{game}NoFrameskip-v4"
cfg, create = copy.deepcopy(main_config), copy.deepcopy(create_config)
# LightZero writes its logs under ./<exp_name>: a temporary folder is the working directory, removed at the end.
workdir = tempfile.mkdtemp(prefix="lightzero-bench-")
os.chdir(workdir)
atexit.register(shutil.rmtree, workdir, ignore_errors=True)
cfg.exp_name = "run"
shape = [12, 96, 96]
cfg.env.update(env_id=env_id, observation_shape=shape, gray_scale=False, collector_env_num=1, evaluator_env_num=1,
               n_evaluator_episode=1, collect_max_episode_steps=30)
create.env_manager.type = "base"
cfg.policy.model.update(observation_shape=shape, image_channel=3, gray_scale=False, frame_stack_num=4, downsample=True,
                        action_space_size=atari_env_action_space_map[env_id], support_scale=300,
                        reward_support_size=601, value_support_size=601, lstm_hidden_size=512)
cfg.policy.update(cuda=False, batch_size=batch, num_simulations=simulations, reanalyze_ratio=1.0, use_root_value=root_value,
                  collector_env_num=1, evaluator_env_num=1, n_episode=1, use_priority=True, game_segment_length=400,
                  td_steps=5, lstm_horizon_len=5, discount_factor=0.997, random_collect_episode_num=0)
cfg.policy.device = "cpu"
cfg = compile_config(cfg, seed=0, env=None, auto=True, create_cfg=create, save_cfg=False)
env_fn, collector_env_cfg, _ = get_vec_env_setting(cfg.env)
collector_env = create_env_manager(cfg.env.manager, [partial(env_fn, cfg=c) for c in collector_env_cfg])
collector_env.seed(0)
policy = create_policy(cfg.policy, enable_field=["learn", "collect", "eval"])
learner = BaseLearner(cfg.policy.learn.learner, policy.learn_mode, None, exp_name=cfg.exp_name)
buffer = EfficientZeroGameBuffer(cfg.policy)
collector = MuZeroCollector(env=collector_env, policy=policy.collect_mode, tb_logger=None, exp_name=cfg.exp_name,
                            policy_config=cfg.policy)
learner.call_hook("before_run")

# Random episodes (cut at 30 steps) until replay holds several batches of positions. (0.2.0's random
# policy does not take the `timestep` its collector passes; it is dropped for it.)
_forward = LightZeroRandomPolicy._forward_collect
LightZeroRandomPolicy._forward_collect = lambda self, *args, timestep=None, **kwargs: _forward(self, *args, **kwargs)
random_policy = LightZeroRandomPolicy(cfg=cfg.policy, action_space=collector_env.env_ref.action_space)
collector.reset_policy(random_policy.collect_mode)
while buffer.get_num_of_transitions() < max(4 * batch, 600):
    buffer.push_game_segments(collector.collect(n_episode=1, train_iter=0, policy_kwargs={"temperature": 1, "epsilon": 0.0}))
collector.reset_policy(policy.collect_mode)

def self_play_seconds_per_step():
    before, begin = collector.envstep, time.perf_counter()
    data = collector.collect(n_episode=1, train_iter=learner.train_iter, policy_kwargs={"temperature": 1, "epsilon": 0.0})
    seconds = time.perf_counter() - begin
    buffer.push_game_segments(data)
    return seconds / max(1, collector.envstep - before)

def iteration():
    begin = time.perf_counter()
    data = buffer.sample(batch, policy)
    middle = time.perf_counter()
    # The policy's learn step itself: BaseLearner.train adds only logging hooks (and 0.2.0's fail
    # on an integer log value under DI-engine 0.5.3).
    log = policy.learn_mode.forward(data)
    buffer.update_priority(data, log["value_priority_orig"])
    return middle - begin, time.perf_counter() - middle

for _ in range(warmup):
    iteration()
self_play = statistics.median(self_play_seconds_per_step() for _ in range(max(1, min(repeats, 2))))
times = [iteration() for _ in range(repeats)]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1048576
print(torch.__version__.split("+")[0], self_play, statistics.median(t[0] for t in times),
      statistics.median(t[1] for t in times), peak)

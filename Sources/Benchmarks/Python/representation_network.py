# The representation network of EfficientZero (App. A.1) written the usual PyTorch way: forward and
# training-step times, for `ezero bench torch`.
# Arguments: the leading ones the Swift side passes, then threads, repeats and warm-up repetitions;
# prints the torch version and the figures on one line.
import sys, time, statistics, torch, torch.nn as nn
b, threads, repeats, warmup = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads); torch.manual_seed(0)
def c3(i, o, s=1): return nn.Conv2d(i, o, 3, s, 1, bias=False)
class Res(nn.Module):
    def __init__(s, i, o, stride=1):
        super().__init__(); s.c1 = c3(i, o, stride); s.b1 = nn.BatchNorm2d(o, momentum=0.1)
        s.c2 = c3(o, o); s.b2 = nn.BatchNorm2d(o, momentum=0.1)
        s.d = c3(i, o, stride) if (stride != 1 or i != o) else None
    def forward(s, x):
        y = s.b2(s.c2(torch.relu(s.b1(s.c1(x)))))
        return torch.relu(y + (s.d(x) if s.d is not None else x))
class Rep(nn.Module):
    def __init__(s, c=64):
        super().__init__(); s.conv = c3(12, c // 2, 2); s.bn = nn.BatchNorm2d(c // 2, momentum=0.1)
        s.r1 = Res(c // 2, c // 2); s.down = Res(c // 2, c, 2); s.r2 = Res(c, c)
        s.pool = nn.AvgPool2d(3, 2, 1); s.r3 = Res(c, c); s.r4 = Res(c, c)
    def forward(s, x):
        x = s.r1(torch.relu(s.bn(s.conv(x)))); x = s.r2(s.down(x))
        return s.r4(s.pool(s.r3(s.pool(x))))
net = Rep(); opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
x = torch.rand(b, 12, 96, 96)
def median(f):
    for _ in range(warmup): f()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ts)
def fwd():
    with torch.inference_mode(): net(x)
def train():
    opt.zero_grad(set_to_none=True); net(x).square().mean().backward(); opt.step()
net.eval(); f = median(fwd); net.train(); t = median(train)
print(torch.__version__.split('+')[0], f, t)

# The EfficientZero training step and recurrent inference written the usual PyTorch way (as in the
# reference implementation), for `ezero bench learner`.
# Arguments: the leading ones the Swift side passes, then threads, repeats and warm-up repetitions;
# prints the torch version and the figures on one line.
import sys, time, statistics, torch, torch.nn as nn, torch.nn.functional as F
mode = sys.argv[1]; b, threads, repeats, warmup = (int(a) for a in sys.argv[2:6])
torch.set_num_threads(threads); torch.manual_seed(0)
A, U, S = 18, 5, 300; N = 2 * S + 1
def c3(i, o, s=1): return nn.Conv2d(i, o, 3, s, 1, bias=False)
class Res(nn.Module):
    def __init__(s, i, o, stride=1):
        super().__init__(); s.c1 = c3(i, o, stride); s.b1 = nn.BatchNorm2d(o); s.c2 = c3(o, o); s.b2 = nn.BatchNorm2d(o)
        s.d = c3(i, o, stride) if (stride != 1 or i != o) else None
    def forward(s, x):
        y = s.b2(s.c2(F.relu(s.b1(s.c1(x))))); return F.relu(y + (s.d(x) if s.d is not None else x))
class Rep(nn.Module):
    def __init__(s):
        super().__init__(); s.conv = c3(12, 32, 2); s.bn = nn.BatchNorm2d(32); s.r1 = Res(32, 32)
        s.down = Res(32, 64, 2); s.r2 = Res(64, 64); s.pool = nn.AvgPool2d(3, 2, 1); s.r3 = Res(64, 64); s.r4 = Res(64, 64)
    def forward(s, x):
        x = s.r2(s.down(s.r1(F.relu(s.bn(s.conv(x)))))); return s.r4(s.pool(s.r3(s.pool(x))))
def mlp(i, hs, o):
    layers = []
    for h in hs: layers += [nn.Linear(i, h), nn.BatchNorm1d(h), nn.ReLU()]; i = h
    last = nn.Linear(i, o); nn.init.zeros_(last.weight); nn.init.zeros_(last.bias)
    return nn.Sequential(*layers, last)
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.rep = Rep()
        s.dconv = c3(65, 64); s.dbn = nn.BatchNorm2d(64); s.dres = Res(64, 64)
        s.rconv = nn.Conv2d(64, 16, 1); s.rbn = nn.BatchNorm2d(16); s.lstm = nn.LSTM(576, 512)
        s.lbn = nn.BatchNorm1d(512); s.rfc = mlp(512, [32], N)
        s.pres = Res(64, 64); s.vconv = nn.Conv2d(64, 16, 1); s.vbn = nn.BatchNorm2d(16)
        s.pconv = nn.Conv2d(64, 16, 1); s.pbn = nn.BatchNorm2d(16); s.vfc = mlp(576, [32], N); s.pfc = mlp(576, [32], A)
        s.proj = nn.Sequential(nn.Linear(2304, 1024), nn.BatchNorm1d(1024), nn.ReLU(), nn.Linear(1024, 1024),
                               nn.BatchNorm1d(1024), nn.ReLU(), nn.Linear(1024, 1024), nn.BatchNorm1d(1024))
        s.pred = nn.Sequential(nn.Linear(1024, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, 1024))
    def predict(s, x):
        x = s.pres(x)
        return s.pfc(F.relu(s.pbn(s.pconv(x))).flatten(1)), s.vfc(F.relu(s.vbn(s.vconv(x))).flatten(1))
    def dyn(s, x, a, hc):
        plane = (a.float() / A).view(-1, 1, 1, 1).expand(-1, 1, 6, 6)
        y = s.dres(F.relu(s.dbn(s.dconv(torch.cat([x, plane], 1))) + x))
        out, hc = s.lstm(F.relu(s.rbn(s.rconv(y))).flatten(1).unsqueeze(0), hc)
        return y, s.rfc(F.relu(s.lbn(out.squeeze(0)))), hc
support = torch.arange(-S, S + 1, dtype=torch.float32)
def h(x): return torch.sign(x) * (torch.sqrt(torch.abs(x) + 1) - 1) + 0.001 * x
def phi(x):
    x = h(x).clamp(-S, S); lo = x.floor(); p_hi = x - lo; t = torch.zeros(x.numel(), N)
    t.scatter_(1, (x.ceil() + S).long().view(-1, 1), p_hi.view(-1, 1))
    t.scatter_(1, (lo + S).long().view(-1, 1), (1 - p_hi).view(-1, 1)); return t
def scalar(logits):
    v = (torch.softmax(logits, 1) * support).sum(1); e = 0.001
    out = torch.sign(v) * (((torch.sqrt(1 + 4 * e * (torch.abs(v) + 1 + e)) - 1) / (2 * e)) ** 2 - 1)
    out[torch.abs(out) < e] = 0; return out
def ce(logits, target): return -(torch.log_softmax(logits, 1) * target).sum(1)
def aug(x):
    n, c, hh, ww = x.shape; p = F.pad(x, (4, 4, 4, 4), mode='replicate'); off = torch.randint(0, 9, (n, 2))
    x = torch.stack([p[i, :, off[i, 0]:off[i, 0] + hh, off[i, 1]:off[i, 1] + ww] for i in range(n)])
    return x * (1 + 0.05 * torch.randn(n, 1, 1, 1).clamp(-2, 2))
def negcos(a, t): return -(F.normalize(a, dim=-1, eps=1e-5) * F.normalize(t, dim=-1, eps=1e-5)).sum(1)
net = Net(); opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
obs = torch.randint(0, 256, (b, 4 + U, 3, 96, 96), dtype=torch.uint8); act = torch.randint(0, A, (b, U))
u = torch.rand(b, U); z = torch.rand(b, U + 1); pi = torch.softmax(torch.rand(b, U + 1, A), -1)
mask = torch.ones(b, U); w = torch.ones(b)
def train():
    net.train(); o = obs.float() / 255
    inp = aug(o[:, :4].reshape(b, 12, 96, 96)); tgt = aug(o[:, 1:].reshape(b, 3 * (3 + U), 96, 96))
    s = net.rep(inp); p, v = net.predict(s)
    priority = (scalar(v.detach()) - z[:, 0]).abs() + 1e-6
    vl = ce(v, phi(z[:, 0])); pl = ce(p, pi[:, 0]); rl = torch.zeros(b); cl = torch.zeros(b)
    hc = (torch.zeros(1, b, 512), torch.zeros(1, b, 512))
    for i in range(U):
        s, r, hc = net.dyn(s, act[:, i], hc); p, v = net.predict(s)
        with torch.no_grad(): t = net.proj(net.rep(tgt[:, 3 * i:3 * i + 12]).flatten(1))
        cl = cl + negcos(net.pred(net.proj(s.flatten(1))), t.detach()) * mask[:, i]
        pl = pl + ce(p, pi[:, i + 1]); vl = vl + ce(v, phi(z[:, i + 1])); rl = rl + ce(r, phi(u[:, i]))
        s.register_hook(lambda g: g * 0.5)
    loss = (w * (rl + pl + 0.25 * vl + 2 * cl)).mean()
    opt.zero_grad(set_to_none=True); (loss / U).backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 5); opt.step()
lat = torch.rand(b, 64, 6, 6); hc0 = (torch.zeros(1, b, 512), torch.zeros(1, b, 512)); acts = torch.arange(b) % A
def recurrent():
    net.eval()
    with torch.inference_mode():
        s, r, hc = net.dyn(lat, acts, hc0); p, v = net.predict(s)
        scalar(r).numpy(); scalar(v).numpy(); p.numpy()
f = train if mode == 'train' else recurrent
for _ in range(warmup): f()
ts = []
for _ in range(repeats):
    t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1e3)
print(torch.__version__.split('+')[0], statistics.median(ts))

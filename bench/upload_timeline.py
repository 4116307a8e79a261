"""Per-request timing of HTTP/1.1 traffic to one port, read from a loopback capture.

Usage: upload_timeline.py CAPTURE.pcap PORT [EVENTS.sqlite]

CAPTURE is a classic pcap file, for example from `tcpdump -i lo -w CAPTURE 'tcp port PORT'`.
For each request it takes the time of the request's first and last byte and of the
response's first byte. It prints medians per method and path of the send time, of the wait
for the response, and of the client's idle time on the connection before the request. Given the
run's event log, it also splits each upload stage's time into three parts: from
`stage.started` to the request's first byte, on the wire, and from the response to
`stage.finished`. Requests are matched to items by the image id in the response. Event times have millisecond resolution.
"""
import struct, sys, collections, statistics

def packets(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        magic, _, _, _, _, _, linktype = struct.unpack('<IHHiIII', header)
        nano = magic == 0xa1b23c4d
        while True:
            h = f.read(16)
            if len(h) < 16: return
            sec, frac, incl, _ = struct.unpack('<IIII', h)
            data = f.read(incl)
            t = sec + frac / (1e9 if nano else 1e6)
            if linktype == 1: ip = data[14:]
            elif linktype == 113: ip = data[16:]
            elif linktype == 276: ip = data[20:]
            else: ip = data[4:]
            if ip[0] >> 4 != 4: continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack('>H', ip[2:4])[0]
            tcp = ip[ihl:total]
            sport, dport = struct.unpack('>HH', tcp[:4])
            off = (tcp[12] >> 4) * 4
            flags = tcp[13]
            yield t, sport, dport, flags, tcp[off:]

server = int(sys.argv[2])
conns = collections.defaultdict(list)
for t, sport, dport, flags, payload in packets(sys.argv[1]):
    if dport == server:
        client, direction = sport, 'c'
    elif sport == server:
        client, direction = dport, 's'
    else:
        continue
    conns[client].append((t, direction, flags, payload))

rows = []  # one dict per request: connection, request line, start, last, prev and resp times
for client, pkts in conns.items():
    current = None; prev_resp = None
    for t, d, flags, payload in pkts:
        if d == 'c' and payload[:4] in (b'POST', b'GET ', b'DELE', b'PUT '):
            line = payload.split(b'\r\n', 1)[0].decode(errors='replace')
            current = {'conn': client, 'req': line, 'start': t, 'last': t, 'prev': prev_resp, 'resp': None}
        elif d == 'c' and payload and current:
            current['last'] = t
        elif d == 's' and payload.startswith(b'HTTP/1.1 100'):
            current['continue'] = t
        elif d == 's' and payload.startswith(b'HTTP/1.1') and current:
            current['resp'] = t; rows.append(current); prev_resp = t; current = None

print('connections', len(conns), 'requests', len(rows))
by = collections.defaultdict(list)
for r in rows:
    key = r['req'].split(' ')[0] + ' ' + r['req'].split(' ')[1].split('?')[0][:20]
    by[key].append(r)
for key, rs in by.items():
    send = [ (r['last'] - r['start'])*1000 for r in rs]
    wait = [ (r['resp'] - r['last'])*1000 for r in rs]
    total = [ (r['resp'] - r['start'])*1000 for r in rs]
    idle = [ (r['start'] - r['prev'])*1000 for r in rs if r['prev']]
    cont = sum(1 for r in rs if 'continue' in r)
    def q(v):
        if not v: return '-'
        v = sorted(v); return f"med {statistics.median(v):.1f} p90 {v[int(len(v)*0.9)]:.1f} max {v[-1]:.1f}"
    print(f"{key}: n={len(rs)} 100-continue={cont}\n  request send ms: {q(send)}\n  last byte->response ms: {q(wait)}\n  total ms: {q(total)}\n  idle before (same conn) ms: {q(idle)}")

if len(sys.argv) > 3:
    import re, sqlite3
    db = sqlite3.connect(sys.argv[3])
    ev = {}
    for item, typ, t, payload in db.execute("select item_id, type, time, payload from events where stage='upload'"):
        ev.setdefault(item, {})[typ] = t / 1000
        if typ == 'stage.finished':
            m = re.search(r'"id"\s*:\s*"([^"]+)"', payload)
            if m: ev[item]['id'] = m.group(1)
    byid = {e['id']: e for e in ev.values() if 'id' in e}
    # The image id in each 200 response, keyed by the response's capture time.
    resp_ids = {}
    for t, sport, dport, flags, payload in packets(sys.argv[1]):
        if sport == server and payload.startswith(b'HTTP/1.1 200'):
            m = re.search(rb'"id"\s*:\s*"([^"]+)"', payload)
            if m: resp_ids[round(t, 6)] = m.group(1).decode()
    before, wire, after = [], [], []
    for r in rows:
        if not r['req'].startswith('POST /3/image'): continue
        rid = resp_ids.get(round(r['resp'], 6))
        e = byid.get(rid)
        if not e: continue
        before.append((r['start'] - e['stage.started']) * 1000)
        wire.append((r['resp'] - r['start']) * 1000)
        after.append((e['stage.finished'] - r['resp']) * 1000)
    def q(v):
        v = sorted(v); return f"n={len(v)} mean {statistics.mean(v):.1f} med {statistics.median(v):.1f} p90 {v[int(len(v)*0.9)]:.1f}"
    print('stage.started -> request first byte ms:', q(before))
    print('request first byte -> response ms:', q(wire))
    print('response -> stage.finished time ms:', q(after))

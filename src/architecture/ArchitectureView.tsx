/**
 * The architecture view (issue 5, section 1): the control plane, etcd, the clients and the nodes as
 * boxes, every API request and watch event of the live simulation travelling between them (through
 * the apiserver's pipeline stages), a log with one explanation per message, and the full request and
 * response of a clicked message. Everything is text: nothing from the cluster is rendered as HTML.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import type { TraceDetail, TraceMessage } from '../../workers/cluster/trace-stream';
import { useLocalized, useT, type MessageKey } from '../i18n/i18n';
import { useClusterStore } from '../state/cluster-store';
import { boxIdFor, DASHBOARD_PART, layoutBoxes, PIPELINE_STAGES, pointAlong, routeOf, stagePoint, VIEW_HEIGHT, VIEW_WIDTH, type Box } from './architecture-layout';
import { ratesAt, shownMessages, useTraceStore } from './trace-store';
import './architecture.css';

/** What the view needs of the cluster worker: the feed runs while the view is shown. */
export interface TraceApi {
  traceDetail(seq: number): Promise<TraceDetail | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs the cluster's events until one sends a message. */
  stepToMessage(): Promise<unknown>;
}

/** How long a message's dot travels, in wall ms. */
const TRAVEL_MS = 1_200;
/** Messages the log lists (newest first). */
const LOG_SHOWN = 100;
/** The most dots drawn at once; beyond, arrows show rates only. */
const MAX_DOTS = 40;

function useNodeNames(): string[] {
  const graph = useClusterStore((s) => s.graphObjects);
  const key = [...graph.values()]
    .filter((e) => e.object.kind === 'Node')
    .map((e) => e.object.metadata.name ?? '')
    .sort()
    .join(',');
  return useMemo(() => (key ? key.split(',') : []), [key]);
}

/** The node part worded in the page's language; the others are component names. */
const RUNTIME_PART = 'runtime (CRI)';

const BoxView = memo(function BoxView({ box }: { box: Box }) {
  const t = useT();
  const label = box.id === 'users' ? t('arch.otherClients') : box.id === 'node:+' ? t('arch.moreNodes', { n: box.label.replace(/\D/g, '') }) : box.label;
  return (
    <g className={`arch-box arch-${box.id.split(':')[0]}`}>
      <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={8} />
      <text x={box.x + 10} y={box.y + 22} className="arch-box-label">
        {label}
      </text>
      {box.parts?.map((p, i) => (
        <text key={p} x={box.x + 12} y={box.y + 50 + i * 28} className="arch-part">
          {p === RUNTIME_PART ? t('arch.runtime') : p === DASHBOARD_PART ? t('arch.dashboard') : p}
        </text>
      ))}
    </g>
  );
});

function Pipeline({ stopped }: { stopped: Set<string> }) {
  const t = useT();
  return (
    <g className="arch-pipeline">
      {PIPELINE_STAGES.map((s) => {
        const p = stagePoint(s);
        return (
          <g key={s} className={stopped.has(s) ? 'arch-stage stopped' : 'arch-stage'}>
            <rect x={p.x - 28} y={p.y - 18} width={56} height={36} rx={5} />
            <text x={p.x} y={p.y + 4} textAnchor="middle">
              {t(`arch.stage.${s}` as MessageKey)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function useFrameClock(active: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    let id = requestAnimationFrame(function tick() {
      setNow(performance.now());
      id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [active]);
  return now;
}

function Arrows({ boxes, rates }: { boxes: Box[]; rates: Record<string, number> }) {
  const t = useT();
  const api = boxes.find((b) => b.id === 'kube-apiserver')!;
  const perBox = new Map<string, number>();
  for (const [arrow, n] of Object.entries(rates)) {
    const [from, to] = arrow.split('>');
    const end = from === 'kube-apiserver' ? to : from;
    const id = boxIdFor(end, boxes);
    perBox.set(id, (perBox.get(id) ?? 0) + n);
  }
  return (
    <g className="arch-arrows">
      {boxes
        .filter((b) => b.id !== 'kube-apiserver')
        .map((b) => {
          const from = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
          const to =
            b.id === 'etcd'
              ? stagePoint('storage')
              : {
                  x: Math.min(Math.max(from.x, api.x + 20), api.x + api.w - 20),
                  y: api.y + api.h / 2,
                };
          const rate = b.id === 'etcd' ? undefined : perBox.get(b.id);
          return (
            <g key={b.id}>
              <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} />
              {rate !== undefined && (
                <text x={(from.x + to.x) / 2 + 6} y={(from.y + to.y) / 2} className="arch-rate">
                  {t('arch.rate', { n: rate })}
                </text>
              )}
            </g>
          );
        })}
    </g>
  );
}

function Dots({ messages, arrivedAt, boxes, now }: { messages: TraceMessage[]; arrivedAt: Map<number, number>; boxes: Box[]; now: number }) {
  const moving = messages.filter((m) => now - (arrivedAt.get(m.seq) ?? 0) < TRAVEL_MS).slice(-MAX_DOTS);
  return (
    <g className="arch-dots">
      {moving.map((m) => {
        const p = pointAlong(routeOf(m, boxes), (now - (arrivedAt.get(m.seq) ?? now)) / TRAVEL_MS);
        const cls = m.kind === 'watch' ? 'watch' : (m.code ?? 0) >= 400 ? 'refused' : 'request';
        return <circle key={m.seq} cx={p.x} cy={p.y} r={6} className={`arch-dot ${cls}`} />;
      })}
    </g>
  );
}

function MessageLog({ api }: { api: TraceApi }) {
  const t = useT();
  const local = useLocalized();
  const all = useTraceStore((s) => s.messages);
  const cursor = useTraceStore((s) => s.cursor);
  const messages = shownMessages(all, cursor);
  const selected = useTraceStore((s) => s.selected);
  const select = useTraceStore((s) => s.select);
  const [detail, setDetail] = useState<TraceDetail | null>();
  useEffect(() => {
    if (selected === undefined) return setDetail(undefined);
    void api.traceDetail(selected).then((d) => setDetail(d ?? null));
  }, [api, selected]);
  const recent = messages.slice(-LOG_SHOWN).reverse();
  return (
    <div className="arch-side">
      <h3>{t('arch.log')}</h3>
      <ol className="arch-log" data-testid="arch-log">
        {recent.map((m) => (
          <li key={m.seq} className={`${m.kind} ${(m.code ?? 0) >= 400 ? 'refused' : ''} ${m.seq === selected ? 'selected' : ''}`}>
            <button type="button" onClick={() => select(m.seq === selected ? undefined : m.seq)}>
              {local(m.text)}
            </button>
          </li>
        ))}
      </ol>
      {selected !== undefined && (
        <div className="arch-detail" data-testid="arch-detail">
          <button type="button" className="link" onClick={() => select(undefined)}>
            {t('arch.close')}
          </button>
          {detail === null && <p className="muted">{t('arch.detailGone')}</p>}
          {detail && (
            <>
              <p>{local(detail.message.text)}</p>
              <h4>{t('arch.request')}</h4>
              <pre>
                {JSON.stringify(
                  {
                    user: detail.user,
                    impersonatedUser: detail.impersonatedUser,
                    verb: detail.message.verb,
                    path: detail.message.path,
                    request: detail.request,
                  },
                  null,
                  2,
                )}
              </pre>
              <h4>{t('arch.response')}</h4>
              <pre>
                {JSON.stringify(
                  {
                    code: detail.message.code,
                    stages: detail.message.stages,
                    body: detail.response,
                  },
                  null,
                  2,
                )}
              </pre>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Stepping (the cluster paused): the message just shown, large, and "Next message", which shows the
 * next waiting one or runs the cluster's next event when none waits.
 */
function Stepper({ api }: { api: TraceApi }) {
  const t = useT();
  const local = useLocalized();
  const paused = useClusterStore((s) => s.clock.paused);
  const cursor = useTraceStore((s) => s.cursor);
  const messages = useTraceStore((s) => s.messages);
  useEffect(() => {
    if (paused) useTraceStore.getState().startStepping();
    else useTraceStore.getState().stopStepping();
  }, [paused]);
  if (!paused || cursor === undefined) return null;
  const current = messages.find((m) => m.seq === cursor);
  const waiting = messages.filter((m) => m.seq > cursor).length;
  const next = () => {
    const store = useTraceStore.getState();
    if (store.revealNext(performance.now())) return;
    store.askNextEvent();
    void api.stepToMessage();
  };
  return (
    <div className="arch-stepper" data-testid="arch-stepper">
      <p className="arch-current" data-testid="arch-current" data-seq={current?.seq}>
        {current ? local(current.text) : t('arch.stepHint')}
      </p>
      <button type="button" className="primary" onClick={next} data-testid="arch-next">
        {t('arch.nextMessage')}
      </button>
      <span className="muted">{waiting > 0 ? t('arch.waiting', { n: waiting }) : t('arch.nextEvent')}</span>
    </div>
  );
}

/** The main view beside the object graph. */
export function ArchitectureView({ api }: { api: TraceApi }) {
  const t = useT();
  const nodeNames = useNodeNames();
  useEffect(() => {
    void api.start();
    return () => void api.stop();
  }, [api]);
  const boxes = useMemo(() => layoutBoxes(nodeNames), [nodeNames]);
  const all = useTraceStore((s) => s.messages);
  const cursor = useTraceStore((s) => s.cursor);
  const messages = useMemo(() => shownMessages(all, cursor) as TraceMessage[], [all, cursor]);
  const arrivedAt = useTraceStore((s) => s.arrivedAt);
  const arrivals = useTraceStore((s) => s.arrivals);
  const last = Math.max(0, ...messages.slice(-MAX_DOTS).map((m) => arrivedAt.get(m.seq) ?? 0));
  const now = useFrameClock(performance.now() - last < TRAVEL_MS + 100);
  const rates = ratesAt(arrivals, now);
  const stopped = new Set(messages.filter((m) => m.stoppedAt && now - (arrivedAt.get(m.seq) ?? 0) < TRAVEL_MS * 3).map((m) => m.stoppedAt!));
  return (
    <div className="arch-view" data-testid="architecture-view">
      <Stepper api={api} />
      <div className="arch-body">
        <svg viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`} role="img" aria-label={t('arch.title')}>
          <Arrows boxes={boxes} rates={rates} />
          {boxes.map((b) => (
            <BoxView key={b.id} box={b} />
          ))}
          <Pipeline stopped={stopped} />
          <Dots messages={messages} arrivedAt={arrivedAt} boxes={boxes} now={now} />
        </svg>
        <MessageLog api={api} />
      </div>
    </div>
  );
}

import { beforeEach, describe, expect, it } from 'vitest';
import type { TraceMessage } from '../../workers/cluster/trace-stream';
import { shownMessages, useTraceStore } from './trace-store';

const msg = (seq: number): TraceMessage => ({ seq, at: 0, kind: 'request', from: 'kubectl', to: 'kube-apiserver', text: { en: `m${seq}`, 'zh-CN': `m${seq}` } });

describe('trace store stepping', () => {
  beforeEach(() => useTraceStore.setState({ messages: [], arrivedAt: new Map(), arrivals: [], cursor: undefined, revealOnArrival: false }));

  it('shows everything while running, and one message at a time while stepping', () => {
    const st = useTraceStore.getState();
    st.applyBatch({ messages: [msg(1), msg(2)], counts: { 'kubectl>kube-apiserver': 2 }, omitted: 0 }, 0);
    expect(shownMessages(useTraceStore.getState().messages, useTraceStore.getState().cursor)).toHaveLength(2);
    st.startStepping();
    st.applyBatch({ messages: [msg(3), msg(4)], counts: {}, omitted: 0 }, 10);
    let s = useTraceStore.getState();
    expect(shownMessages(s.messages, s.cursor).map((m) => m.seq)).toEqual([1, 2]);
    expect(s.revealNext(20)).toBe(true);
    expect(s.revealNext(30)).toBe(true);
    s = useTraceStore.getState();
    expect(s.cursor).toBe(4);
    expect(s.arrivedAt.get(4)).toBe(30);
    expect(s.revealNext(40)).toBe(false);
    // Nothing waits: the next event is asked for, and its first message shows when it arrives.
    s.askNextEvent();
    s.applyBatch({ messages: [msg(5), msg(6)], counts: {}, omitted: 0 }, 50);
    s = useTraceStore.getState();
    expect(shownMessages(s.messages, s.cursor).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    s.stopStepping();
    expect(shownMessages(useTraceStore.getState().messages, useTraceStore.getState().cursor)).toHaveLength(6);
  });
});

import { describe, expect, it } from 'vitest';
import { FrameSizes, frameEvent, frameLength } from './frame-event';

describe('frameEvent', () => {
  it('names the event of event packets, on any namespace, with or without an ack id', () => {
    expect(frameEvent('2["metrics_update",{"a":1}]')).toBe('metrics_update');
    expect(frameEvent('2/metrics,["topic_update",{}]')).toBe('topic_update');
    expect(frameEvent('213["history_chunk",{}]')).toBe('history_chunk');
    expect(frameEvent('2/metrics,7["history_chunk",{}]')).toBe('history_chunk');
    expect(frameEvent('51-["bin",{"_placeholder":true,"num":0}]')).toBe('bin');
  });

  it('ignores everything else', () => {
    expect(frameEvent('0{"sid":"x"}')).toBeNull();
    expect(frameEvent('31[{"timestamp":1}]')).toBeNull();
    expect(frameEvent('40')).toBeNull();
    expect(frameEvent(new ArrayBuffer(4))).toBeNull();
    expect(frameEvent(undefined)).toBeNull();
  });
});

describe('FrameSizes', () => {
  it('hands each event handler the size of its own frame, in order', () => {
    const sizes = new FrameSizes(['metrics_update', 'metrics_delta']);
    sizes.record('2["metrics_update",{}]');
    sizes.record('2["connected",{}]');
    sizes.record('2["metrics_delta",{"x":1}]');
    sizes.record('2["metrics_delta",{}]');
    expect(sizes.take('metrics_delta')).toBe('2["metrics_delta",{"x":1}]'.length);
    expect(sizes.take('metrics_update')).toBe(frameLength('2["metrics_update",{}]'));
    expect(sizes.take('metrics_delta')).toBe('2["metrics_delta",{}]'.length);
    expect(sizes.take('metrics_delta')).toBe(0);
    expect(sizes.take('connected')).toBe(0);
    sizes.record('2["metrics_update",{}]');
    sizes.clear();
    expect(sizes.take('metrics_update')).toBe(0);
  });
});

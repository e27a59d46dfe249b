import { describe, expect, it } from 'vitest';
import { documentStartLine, locateField, parseFieldPath } from './field-lines';

const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: nginx
        image: "nginx:1.27"
      - name: side
        image: busybox
        resources:
          limits: {cpu: 2}
`;

describe('parseFieldPath', () => {
  it('splits names, indexes and map keys (keys may hold dots)', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseFieldPath('.spec.replicas')).toEqual(['spec', 'replicas']);
  });
});

describe('locateField', () => {
  it.each([
    ['spec.template.spec.containers[0].image', { startLine: 18, startColumn: 9, endLine: 18, endColumn: 28 }],
    ['spec.template.spec.containers[1].image', { startLine: 20, startColumn: 9, endLine: 20, endColumn: 23 }],
    ['spec.replicas', { startLine: 13, startColumn: 3, endLine: 13, endColumn: 14 }],
    ['metadata.labels[app.kubernetes.io/name]', { startLine: 11, startColumn: 5, endLine: 11, endColumn: 32 }],
    ['spec.template.spec.containers[1].resources.limits[cpu]', { startLine: 22, startColumn: 20, endLine: 22, endColumn: 26 }],
    // A block value: the marker covers its key.
    ['spec.template', { startLine: 14, startColumn: 3, endLine: 14, endColumn: 11 }],
    // Missing fields point at their nearest written parent (a Required error on spec.selector).
    ['spec.selector', { startLine: 12, startColumn: 1, endLine: 12, endColumn: 5 }],
    ['spec.template.spec.containers[5].image', { startLine: 16, startColumn: 7, endLine: 16, endColumn: 17 }],
  ])('%s in the second document', (path, range) => {
    expect(locateField(text, 1, path)).toEqual(range);
  });

  it('finds fields of the first document and nothing for a missing document', () => {
    expect(locateField(text, 0, 'metadata.name')).toEqual({ startLine: 4, startColumn: 3, endLine: 4, endColumn: 14 });
    expect(locateField(text, 7, 'metadata.name')).toBeUndefined();
  });

  it('gives each document its first line', () => {
    expect(documentStartLine(text, 0)).toBe(1);
    expect(documentStartLine(text, 1)).toBe(6);
  });
});

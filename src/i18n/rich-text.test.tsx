import { isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { richText } from './rich-text';

describe('richText', () => {
  it('puts elements where the language puts their places, words around them unchanged', () => {
    const parts = richText('正在编辑 {ref}：修改后按“应用”。', { ref: <code>deployment.apps/web</code> });
    expect(parts[0]).toBe('正在编辑 ');
    expect(isValidElement(parts[1])).toBe(true);
    expect(parts[2]).toBe('：修改后按“应用”。');
  });

  it('leaves unknown places as written', () => {
    const parts = richText('{a} and {b}', { a: 'A' });
    expect(parts.filter((p) => typeof p === 'string').join('')).toBe(' and {b}');
    expect(parts.filter(isValidElement)).toHaveLength(1);
  });
});

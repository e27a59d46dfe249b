/** Translated sentences with elements inside them (a `<code>` name in the middle of a sentence). */
import { Fragment, type ReactNode } from 'react';

/**
 * Splits a message template on its `{name}` places and puts `nodes[name]` there; the words around
 * stay where each language puts them. Unknown places stay as written.
 */
export function richText(template: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name !== undefined && name in nodes ? <Fragment key={i}>{nodes[name]}</Fragment> : part;
  });
}

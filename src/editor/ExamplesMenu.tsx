/** A menu of example manifests; choosing one appends it to the editor's text as a new document. */
import { useEffect, useRef, useState } from 'react';
import { examples, type ExampleManifest } from './examples';
import { useT } from '../i18n/i18n';

export function ExamplesMenu({ onInsert }: { onInsert(example: ExampleManifest): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="examples" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="examples-button">
        {t('examples.button')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul className="examples-menu" role="menu" aria-label={t('examples.menu')}>
          {examples.map((ex) => (
            <li key={ex.id} role="none">
              <button
                type="button"
                role="menuitem"
                data-example={ex.id}
                onClick={() => {
                  setOpen(false);
                  onInsert(ex);
                }}
              >
                <strong>{t(ex.title)}</strong>
                <span>{t(ex.summary)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

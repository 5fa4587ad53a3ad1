// Renders a policy document (sections → blocks) served by /api/v1/privacy/policy; `**x**` is emphasis, as the
// preamble promises ("尤其是加粗的内容").
import type { ReactNode } from 'react';

type Block =
  | { kind: 'heading'; level: 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };
export interface PolicyDoc {
  title: string;
  version: number;
  effectiveDate: string;
  sections: { id: string; title: string; blocks: Block[] }[];
}

/** `a **b** c` → ['a ', <strong>b</strong>, ' c'] — no HTML is ever injected. */
export function Inline({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  text.split(/(\*\*.+?\*\*)/g).forEach((p, i) => {
    if (p.startsWith('**') && p.endsWith('**') && p.length > 4) parts.push(<strong key={i}>{p.slice(2, -2)}</strong>);
    else if (p) parts.push(p);
  });
  return <>{parts}</>;
}

function BlockView({ b }: { b: Block }) {
  switch (b.kind) {
    case 'heading':
      return b.level === 3 ? <h4><Inline text={b.text} /></h4> : <h5 style={{ fontSize: 15 }}><Inline text={b.text} /></h5>;
    case 'paragraph':
      return <p><Inline text={b.text} /></p>;
    case 'list': {
      const items = b.items.map((it, i) => <li key={i}><Inline text={it} /></li>);
      return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table':
      return (
        <div style={{ overflowX: 'auto' }}>
          <table className="policy-table" style={{ borderCollapse: 'collapse', fontSize: 12 }}>
            <thead>
              <tr>{b.head.map((h) => <th key={h} style={{ border: '1px solid #ddd', padding: 4 }}>{h}</th>)}</tr>
            </thead>
            <tbody>
              {b.rows.map((r, i) => (
                <tr key={i}>{r.map((c, j) => <td key={j} style={{ border: '1px solid #ddd', padding: 4 }}><Inline text={c} /></td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

export function PolicyDocumentView({ doc }: { doc: PolicyDoc }) {
  return (
    <article className="policy" data-testid="policy-document">
      <h2 style={{ fontSize: 18 }}>{doc.title}</h2>
      {doc.sections.map((s) => (
        <section key={s.id} id={`policy-${s.id}`}>
          <h3 style={{ fontSize: 16 }}>{s.title}</h3>
          {s.blocks.map((b, i) => <BlockView key={i} b={b} />)}
        </section>
      ))}
    </article>
  );
}

import { html } from '../html.js';
import { LayoutMetrics, layoutDefinition } from '../lib/diagram-layout.js';

const truncate = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The node a join/merge marker closes (`group:join` → `group`), or the node itself. */
const ownerOf = (id) => id.split(':')[0];

function centreBottom(node) {
  return { x: node.x + node.width / 2, y: node.y + node.height };
}

/** Whether the saga went along this arrow: both ends ran (start/end and markers count as their group). */
function taken(edge, marks) {
  const ran = (id) => {
    if (id === 'start') return true;
    // The end is reached only going forward: every node succeeded or was skipped (a branch not taken).
    if (id === 'end') return [...marks.values()].every((mark) => mark.status === 'succeeded' || mark.status === 'skipped');
    const mark = marks.get(ownerOf(id));
    return mark !== undefined && !['pending', 'skipped'].includes(mark.status);
  };
  // Out of a choice, only the branch it took.
  const choice = marks.get(edge.from);
  if (edge.branch !== null && choice?.branch != null && choice.branch !== edge.branch) return false;
  return marks.size > 0 && ran(edge.from) && ran(edge.to);
}

function Node({ node, mark }) {
  const { x, y, width, height } = node;
  if (node.shape === 'start' || node.shape === 'end' || node.shape === 'merge') {
    const r = width / 2;
    return html`<g class=${`marker ${node.shape}`}>
      <title>${node.shape === 'merge' ? 'branches merge' : node.shape}</title>
      <circle cx=${x + r} cy=${y + r} r=${r} />
    </g>`;
  }
  if (node.shape === 'fork' || node.shape === 'join') {
    return html`<g class=${`marker ${node.shape}`}>
      <title>${node.shape === 'fork' ? `parallel ${node.label}: all branches start` : 'all branches joined'}</title>
      <rect x=${x + width / 2 - 4} y=${y - 10} width="8" height=${height + 20} rx="2" />
    </g>`;
  }
  if (node.shape === 'choice') {
    const cx = x + width / 2;
    const cy = y + height / 2;
    const status = mark ? ` status-${mark.status}` : '';
    return html`<g class=${`marker choice${status}`} data-step=${node.name} data-status=${mark?.status}>
      <title>choice ${node.name}${mark ? `: ${mark.status}` : ''}</title>
      <polygon points=${`${cx},${cy - 15} ${cx + 15},${cy} ${cx},${cy + 15} ${cx - 15},${cy}`} />
      <text x=${cx} y=${y - 12} text-anchor="middle" class="marker-label">${truncate(node.label, 22)}</text>
    </g>`;
  }
  const status = mark?.status ?? 'none';
  const statusText = mark
    ? `${mark.symbol} ${mark.status.replaceAll('-', ' ')}${mark.attempts > 1 ? ` · ${mark.attempts} attempts` : ''}`
    : node.shape === 'step'
      ? ''
      : node.shape;
  const compensation = mark?.compensationOrder;
  const description = [
    `${node.shape === 'step' ? 'step' : node.shape} ${node.name}`,
    node.detail,
    mark ? `status ${mark.status.replaceAll('-', ' ')}` : null,
    mark?.attempts > 1 ? `${mark.attempts} attempts` : null,
    compensation ? `compensated ${ordinal(compensation)}${mark.resolvedByOperator ? ', resolved by an operator' : ''}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return html`<g
    class=${`node ${node.shape}${node.dashed ? ' dashed' : ''} status-${status}`}
    data-step=${node.name}
    data-status=${mark?.status}
    data-compensation-order=${compensation ?? undefined}
    tabindex="0"
    role="img"
    aria-label=${description}
  >
    <title>${description}</title>
    <rect x=${x} y=${y} width=${width} height=${height} rx="8" />
    <text x=${x + 10} y=${y + 18} class="node-label">${truncate(node.label, 21)}</text>
    <text x=${x + 10} y=${y + 32} class="node-detail">${truncate(node.detail, 27)}</text>
    <text x=${x + 10} y=${y + 46} class="node-status">${statusText}</text>
    ${
      compensation &&
      html`<g class="compensation-badge" aria-hidden="true">
        <circle cx=${x + width - 4} cy=${y + 4} r="12" />
        <text x=${x + width - 4} y=${y + 8} text-anchor="middle">↶${compensation}</text>
      </g>`
    }
  </g>`;
}

function ordinal(n) {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/**
 * The way back: from the step that failed (or the last one that ran) through each compensated
 * step in the order they were undone, drawn as numbered arcs below the flow.
 */
function CompensationPath({ nodes, marks }) {
  const byName = new Map(nodes.filter((node) => node.name).map((node) => [node.name, node]));
  const undone = [...marks.entries()]
    .filter(([, mark]) => mark.compensationOrder !== null)
    .sort((a, b) => a[1].compensationOrder - b[1].compensationOrder);
  if (undone.length === 0) return null;
  const origin = [...marks.entries()].find(([, mark]) => ['failed', 'timed-out'].includes(mark.status) && mark.compensationOrder === null)?.[0];
  const stops = [origin, ...undone.map(([name]) => name)].filter((name) => name && byName.has(name));
  const laneY = Math.max(...nodes.map((node) => node.y + node.height)) + LayoutMetrics.compensationLane - 14;
  return html`<g class="compensation-path" aria-hidden="true">
    ${stops.slice(1).map((name, index) => {
      const from = centreBottom(byName.get(stops[index]));
      const to = centreBottom(byName.get(name));
      const midX = (from.x + to.x) / 2;
      return html`<g>
        <path d=${`M ${from.x} ${from.y} C ${from.x} ${laneY}, ${to.x} ${laneY}, ${to.x} ${to.y + 2}`} marker-end="url(#arrow-back)" />
        <text x=${midX} y=${laneY + 2} text-anchor="middle">${index + 1}</text>
      </g>`;
    })}
  </g>`;
}

/** A definition's flow as SVG; with `marks` (from sagaPathMarks) the saga's path is overlaid. */
export function Diagram({ steps, marks = new Map(), title }) {
  const layout = layoutDefinition(steps);
  return html`<figure class="diagram">
    <div class="diagram-scroll">
      <svg viewBox=${`0 0 ${layout.width} ${layout.height}`} width=${layout.width} height=${layout.height} role="group" aria-label=${title}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
          <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
          <marker id="arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        ${layout.edges.map((edge) => {
          const isTaken = taken(edge, marks);
          // A branch is named above its first node; an empty branch above its straight lane.
          const end = edge.points.at(-1);
          const labelAt = !edge.label
            ? null
            : edge.points.length === 6
              ? { x: edge.points[3].x - 60, y: edge.points[3].y - 5 }
              : { x: end.x, y: end.y - LayoutMetrics.nodeHeight / 2 - 5 };
          return html`<g class=${`edge${isTaken ? ' taken' : ''}`}>
            <polyline points=${edge.points.map((p) => `${p.x},${p.y}`).join(' ')} marker-end=${isTaken ? 'url(#arrow-taken)' : 'url(#arrow)'} />
            ${labelAt && html`<text x=${labelAt.x} y=${labelAt.y} class="edge-label">${truncate(edge.label, 28)}</text>`}
          </g>`;
        })}
        ${layout.nodes.map((node) => html`<${Node} node=${node} mark=${node.name ? marks.get(node.name) : undefined} />`)}
        <${CompensationPath} nodes=${layout.nodes} marks=${marks} />
      </svg>
    </div>
    ${marks.size > 0 && html`<${Legend} />`}
  </figure>`;
}

function Legend() {
  const items = [
    ['succeeded', '✓ succeeded'],
    ['failed', '✗ failed'],
    ['timed-out', '◔ timed out'],
    ['skipped', '⤼ skipped'],
    ['running', '▶ running'],
    ['compensated', '↶ compensated (number: order undone)'],
    ['compensation-failed', '⚠ compensation failed'],
  ];
  return html`<figcaption>
    <ul class="legend" aria-label="Legend">
      ${items.map(([status, text]) => html`<li><span class=${`swatch status-${status}`} aria-hidden="true"></span>${text}</li>`)}
      <li><span class="swatch back" aria-hidden="true"></span>compensation path, in order</li>
    </ul>
  </figcaption>`;
}

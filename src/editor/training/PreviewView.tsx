/**
 * The predictions preview after each epoch, drawn from the worker's plain-data payloads:
 * segmentation masks beside their inputs (truth against prediction) on canvases, a confusion
 * matrix for classes, the decision boundary for 2-D sets, truth against prediction for numbers.
 */
import { type CSSProperties, useEffect, useRef } from 'react';
import type {
  BoundaryPreview,
  ConfusionPreview,
  RegressionPreview,
  RgbaImage,
  SegmentationPreview,
} from '../../train/events';
import { PALETTE } from '../../train/preview';
import { percent } from './format';
import type { TrainingSession } from './session';
import { useSession } from './useSession';

const rgb = (c: readonly number[] | undefined): string => (c ? `rgb(${c[0]} ${c[1]} ${c[2]})` : 'gray');

/** Draws `payload` on a canvas once it is mounted, and again when another payload comes. */
function useCanvas<T>(payload: T, draw: (ctx: CanvasRenderingContext2D, payload: T) => void) {
  const ref = useRef<HTMLCanvasElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `draw` is rebuilt every render; what it draws is `payload`
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) draw(ctx, payload);
  }, [payload]);
  return ref;
}

const toImageData = (image: RgbaImage): ImageData =>
  new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);

export function RgbaCanvas({ image, label, size = 88 }: { image: RgbaImage; label: string; size?: number }) {
  const ref = useCanvas(image, (ctx, im) => ctx.putImageData(toImageData(im), 0, 0));
  const scale = size / Math.max(image.width, image.height);
  return (
    <canvas
      ref={ref}
      className="sw-train-pixels"
      width={image.width}
      height={image.height}
      style={{ width: image.width * scale, height: image.height * scale }}
      role="img"
      aria-label={label}
    />
  );
}

function Legend({ classes, colors }: { classes: readonly string[]; colors: readonly (readonly number[])[] }) {
  return (
    <ul className="sw-train-legend" aria-label="Classes">
      {classes.map((c, i) => (
        <li key={c}>
          <span className="sw-train-swatch" style={{ background: rgb(colors[i]) }} />
          {c}
        </li>
      ))}
    </ul>
  );
}

function Segmentation({ seg }: { seg: SegmentationPreview }) {
  return (
    <div data-testid="train-preview-segmentation">
      <div className="sw-train-masks" style={{ gridTemplateColumns: `auto repeat(${seg.samples.length}, auto)` }}>
        {(['input', 'truth', 'prediction'] as const).map((row) => (
          <div key={row} className="sw-train-mask-row">
            <span className="sw-train-mask-label">
              {row === 'input' ? 'Input' : row === 'truth' ? 'Truth' : 'Prediction'}
            </span>
            {seg.samples.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the samples of a preview are fixed
              <RgbaCanvas key={i} image={s[row]} label={`Sample ${i + 1}: ${row}`} />
            ))}
          </div>
        ))}
        <div className="sw-train-mask-row">
          <span className="sw-train-mask-label">Pixels right</span>
          {seg.samples.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the samples of a preview are fixed
            <span key={i} className="sw-train-mask-acc">
              {percent(s.accuracy)}
            </span>
          ))}
        </div>
      </div>
      <Legend classes={seg.classes} colors={seg.palette} />
    </div>
  );
}

function Confusion({ c }: { c: ConfusionPreview }) {
  return (
    <div className="sw-train-confusion-box" data-testid="train-preview-confusion">
      <p className="sw-train-note">
        Confusion matrix on the {c.set} samples: {percent(c.accuracy)} right.
      </p>
      <table className="sw-train-confusion">
        <thead>
          <tr>
            <th scope="col">truth ↓ · predicted →</th>
            {c.classes.map((k) => (
              <th key={k} scope="col">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {c.matrix.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={c.classes[t]}>
                <th scope="row">{c.classes[t]}</th>
                {row.map((n, p) => (
                  <td
                    key={c.classes[p]}
                    className={t === p ? 'is-diagonal' : undefined}
                    style={{ '--share': n / total } as CSSProperties}
                  >
                    {n}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <Misclassified c={c} />
    </div>
  );
}

/** The samples predicted wrong (computed in the worker), the most confident first. */
function Misclassified({ c }: { c: ConfusionPreview }) {
  const shown = c.misclassified ?? [];
  if (!shown.length) return null;
  const name = (k: number) => c.classes[k] ?? String(k);
  return (
    <div className="sw-train-wrong" data-testid="train-misclassified">
      <p className="sw-train-note">
        {c.wrong ?? shown.length} of the {c.set} samples predicted wrong
        {shown.length < (c.wrong ?? 0) ? `; the ${shown.length} the model was surest of:` : ':'}
      </p>
      <ul className="sw-train-wrong-list">
        {shown.map((m) => {
          const label = `sample ${m.row}: truth ${name(m.truth)}, predicted ${name(m.predicted)} (${percent(m.confidence)})`;
          return (
            <li key={m.row} title={label}>
              {m.image && <RgbaCanvas image={m.image} label={label} size={48} />}
              <span>
                <b>{name(m.truth)}</b> → {name(m.predicted)} <small>{percent(m.confidence)}</small>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const PLOT = 220;

function Boundary({ b }: { b: BoundaryPreview }) {
  const ref = useCanvas(b, (ctx, b) => {
    const grid = document.createElement('canvas');
    grid.width = b.image.width;
    grid.height = b.image.height;
    grid.getContext('2d')?.putImageData(toImageData(b.image), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(grid, 0, 0, PLOT, PLOT);
    const [x0, x1] = b.x;
    const [y0, y1] = b.y;
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'white';
    for (let i = 0; i < b.points.labels.length; i++) {
      const px = (((b.points.xy[2 * i] as number) - x0) / (x1 - x0)) * PLOT;
      const py = (1 - ((b.points.xy[2 * i + 1] as number) - y0) / (y1 - y0)) * PLOT;
      ctx.fillStyle = rgb(PALETTE[(b.points.labels[i] as number) % PALETTE.length]);
      ctx.beginPath();
      ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  });
  return (
    <div data-testid="train-preview-boundary">
      <canvas ref={ref} width={PLOT} height={PLOT} role="img" aria-label="Decision boundary with the data points" />
      <Legend classes={b.classes} colors={b.classes.map((_, i) => PALETTE[i % PALETTE.length] as readonly number[])} />
    </div>
  );
}

function Regression({ r }: { r: RegressionPreview }) {
  const ref = useCanvas(r, (ctx, r) => {
    const all = [...r.truth, ...r.prediction];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const at = (v: number) => ((v - lo) / (hi - lo || 1)) * (PLOT - 16) + 8;
    ctx.strokeStyle = '#8b8d98';
    ctx.beginPath();
    ctx.moveTo(at(lo), PLOT - at(lo));
    ctx.lineTo(at(hi), PLOT - at(hi));
    ctx.stroke();
    ctx.fillStyle = rgb(PALETTE[1]);
    r.truth.forEach((t, i) => {
      ctx.beginPath();
      ctx.arc(at(t), PLOT - at(r.prediction[i] as number), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    });
  });
  return (
    <div data-testid="train-preview-regression">
      <p className="sw-train-note">Truth (across) against prediction (up): on the line is right.</p>
      <canvas ref={ref} width={PLOT} height={PLOT} role="img" aria-label="Truth against prediction" />
    </div>
  );
}

export function PreviewView({ session }: { session: TrainingSession }) {
  const current = useSession(session, (s) => s.preview);
  if (!current) return null;
  const { preview, epoch } = current;
  return (
    <section className="sw-train-preview" aria-label="Predictions">
      <h3 className="sw-subhead">Predictions after epoch {epoch}</h3>
      {preview.segmentation && <Segmentation seg={preview.segmentation} />}
      <div className="sw-train-preview-row">
        {preview.boundary && <Boundary b={preview.boundary} />}
        {preview.confusion && <Confusion c={preview.confusion} />}
        {preview.regression && <Regression r={preview.regression} />}
      </div>
    </section>
  );
}

/**
 * The data set picker: the built-in sets (image sets made at the model's input size) with their
 * sample count and noise, or the user's own data: a CSV file (feature and label columns chosen
 * here) or a folder of images with one subfolder per class, from a file picker or a drop. Files
 * are read in the browser; nothing leaves the machine.
 */
import { type DragEvent, useEffect, useId, useState } from 'react';
import {
  BUILTIN_DATASETS,
  BUILTIN_NAMES,
  type BuiltinName,
  type BuiltinSpec,
  BuiltinSpecSchema,
  builtinInputShape,
  defaultSamples,
} from '../../train/data/builtin';
import { classOfPath } from '../../train/data/images';
import { useEditorStore } from '../store/context';
import {
  CSV_FILE,
  filesFromDrop,
  filesFromInput,
  IMAGE_FILE,
  imageShapeFor,
  type PickedFile,
  readCsvFile,
  readImageFolder,
} from './byo';
import { CsvColumns } from './CsvColumns';
import type { ImageFolderChoice, TrainingSession } from './session';
import { commitSettings, describeBuiltin } from './settingsModel';
import { useSession } from './useSession';

type Shape = readonly (number | null)[] | undefined;

/** A number box for a field of the built-in spec; empty means the set's default. */
function SpecNumber({
  label,
  field,
  spec,
  placeholder,
}: {
  label: string;
  field: 'samples' | 'noise';
  spec: BuiltinSpec;
  placeholder: string;
}) {
  const store = useEditorStore();
  const id = useId();
  const value = spec[field];
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const parsed = draft.trim() === '' ? undefined : Number(draft);
  const valid = parsed === undefined || BuiltinSpecSchema.shape[field].safeParse(parsed).success;
  const commit = () => {
    if (!valid || parsed === value) return;
    const { [field]: _old, ...rest } = spec;
    commitSettings(store, { dataset: parsed === undefined ? rest : { ...rest, [field]: parsed } });
  };
  return (
    <div className={`sw-field${valid ? '' : ' has-problem'}`} data-setting={field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="sw-input"
        type="text"
        inputMode="decimal"
        value={draft}
        placeholder={placeholder}
        aria-invalid={valid ? undefined : true}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {!valid && (
        <span className="sw-field-error" role="alert">
          {field === 'samples'
            ? 'Samples must be a whole number from 4 to 100,000 (empty: the default).'
            : 'Noise must be from 0 to 0.5.'}
        </span>
      )}
    </div>
  );
}

function FolderSummary({ images, input }: { images: ImageFolderChoice; input: Shape }) {
  const classes = [...new Set(images.images.map((i) => classOfPath(i.path) ?? '(no class folder)'))].sort();
  return (
    <p className="sw-train-note" data-testid="train-folder-summary">
      <strong>{images.folder}</strong>{' '}
      <span className="sw-muted">
        {images.images.length} images, {classes.length} classes ({classes.join(', ')}), resized to{' '}
        {imageShapeFor(input).join('×')}
      </span>
    </p>
  );
}

export function DataPicker({ session, spec, input }: { session: TrainingSession; spec: BuiltinSpec; input: Shape }) {
  const store = useEditorStore();
  const source = useSession(session, (s) => s.source);
  const csv = useSession(session, (s) => s.csv);
  const images = useSession(session, (s) => s.images);
  const status = useSession(session, (s) => s.dataStatus);
  const running = useSession(session, (s) => s.phase !== 'idle');
  const [over, setOver] = useState(false);
  const s = () => session.getState();

  const readCsv = async (file: File) => {
    s().setDataStatus({ kind: 'busy', text: `Reading ${file.name}…` });
    try {
      s().setCsv(await readCsvFile(file));
      s().setSource('csv');
      s().setDataStatus(undefined);
    } catch (e) {
      s().setDataStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };
  const readFolder = async (files: readonly PickedFile[]) => {
    const [h, w] = imageShapeFor(input);
    try {
      // Decoded no larger than needed: the model's input, within 32…512 px a side.
      const choice = await readImageFolder(files, Math.min(512, Math.max(32, h, w)), (done, total) =>
        s().setDataStatus({ kind: 'busy', text: `Reading images: ${done} of ${total}…` }),
      );
      s().setImages(choice);
      s().setSource('images');
      s().setDataStatus(undefined);
    } catch (e) {
      s().setDataStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = await filesFromDrop(e.dataTransfer);
    const only = files.length === 1 ? files[0] : undefined;
    if (only && CSV_FILE.test(only.path)) await readCsv(only.file);
    else if (files.some((f) => IMAGE_FILE.test(f.path))) await readFolder(files);
    else
      s().setDataStatus({
        kind: 'error',
        text: 'Drop a CSV file, or a folder with one subfolder of images per class.',
      });
  };

  const value = source === 'builtin' ? spec.name : source;
  const choose = (v: string) => {
    if (v === 'csv' || v === 'images') return s().setSource(v);
    s().setSource('builtin');
    if (v !== spec.name) commitSettings(store, { dataset: { name: v as BuiltinName } });
  };
  const info = BUILTIN_DATASETS[spec.name];
  const shape = builtinInputShape(spec.name, input);
  const sized = info.image && shape.join() === input?.join();
  return (
    <section
      className={`sw-train-data${over ? ' is-over' : ''}`}
      aria-label="Data set"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <fieldset className="sw-train-grid" disabled={running}>
        <label className="sw-field sw-train-wide">
          Data set
          <select
            className="sw-input"
            data-testid="train-dataset"
            value={value}
            onChange={(e) => choose(e.target.value)}
          >
            <optgroup label="Built in">
              {BUILTIN_NAMES.map((n) => (
                <option key={n} value={n}>
                  {BUILTIN_DATASETS[n].label}
                </option>
              ))}
            </optgroup>
            <optgroup label="Bring your own">
              <option value="csv">CSV file{csv ? `: ${csv.fileName}` : '…'}</option>
              <option value="images">Image folder{images ? `: ${images.folder}` : '…'}</option>
            </optgroup>
          </select>
        </label>
        {source === 'builtin' && (
          <SpecNumber
            label="Samples"
            field="samples"
            spec={spec}
            placeholder={`${defaultSamples(spec.name, shape)} (default)`}
          />
        )}
        {source === 'builtin' && !info.image && (
          <SpecNumber label="Noise" field="noise" spec={spec} placeholder="0 (default)" />
        )}
      </fieldset>
      {source === 'builtin' && <p className="sw-train-note sw-muted">{describeBuiltin(spec.name, shape, sized)}</p>}
      {source === 'csv' && (
        <>
          <label className="sw-button sw-train-file">
            Choose a CSV file…
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              className="sw-visually-hidden"
              data-testid="train-csv-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void readCsv(f);
                e.target.value = '';
              }}
            />
          </label>
          <span className="sw-muted"> or drop one here. The last column is the label by default.</span>
          {csv && <CsvColumns csv={csv} session={session} />}
        </>
      )}
      {source === 'images' && (
        <>
          <label className="sw-button sw-train-file">
            Choose a folder…
            <input
              type="file"
              multiple
              className="sw-visually-hidden"
              data-testid="train-folder"
              {...{ webkitdirectory: '' }}
              onChange={(e) => {
                void readFolder(filesFromInput(e.target.files));
                e.target.value = '';
              }}
            />
          </label>
          <span className="sw-muted"> or drop one here: one subfolder of images per class.</span>
          {images && <FolderSummary images={images} input={input} />}
        </>
      )}
      {status && (
        <p
          className={status.kind === 'error' ? 'sw-field-error' : 'sw-train-note sw-muted'}
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.text}
        </p>
      )}
    </section>
  );
}

/**
 * The public face of src/compile: the graph document and its migrations, the pure edit
 * operations, the analysis (shapes, counts, diagnostics), the summary, the builder used by the
 * importers and tests, and the compiler to a tfjs `LayersModel`. Other rooms import from here,
 * never from a file inside (test/architecture.test.ts checks it).
 */
export * from './analyze';
export * from './batch';
export * from './blockVariants';
export * from './builder';
export * from './compile';
export * from './cost';
export * from './diagnostics';
export * from './document';
export * from './examples';
export { layerName } from './expand';
export * from './ids';
export * from './ops';
export * from './parse';
export * from './repeatGroup';
export * from './repeats';
export * from './summary';
export * from './testing';
export * from './topo';
export * from './training';
export * from './validate';

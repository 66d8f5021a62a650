/** The layer catalogue's public surface. No tfjs, no React. */
export * from './catalogue';
export * from './dataFormat';
export * from './define';
export * from './keras';
export { OPAQUE_KERAS, type OpaqueWeight, opaque, opaqueKerasOf, opaqueShape } from './layers/opaque';
export * from './opaqueShapes';
export * from './penalties';
export * from './registry';
export * from './schema';
export * from './shape';
export * from './unbuildable';
export * from './wrapper';

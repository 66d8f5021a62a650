/**
 * The layer catalogue: a list of imports and nothing else. Adding a layer type means writing one
 * file in `layers/` (everything about the layer: params, shapes, Keras mapping, head role,
 * gradient kernels) and listing it here; lookups are in catalogue.ts.
 *
 * Not in the catalogue because tfjs 4.22 cannot build or serialize them: the classes of
 * unbuildable.ts (Subtract, SpatialDropout2D/3D, UpSampling1D/3D, ZeroPadding1D/3D, Cropping1D/3D,
 * GlobalAverage/MaxPooling3D, Conv1DTranspose, SeparableConv1D, GroupNormalization,
 * ActivityRegularization), Lambda, TFOpLambda and custom classes. The importers keep them as opaque
 * layers (layers/opaque.ts; catalogue.ts knows it by type only): exported back to Keras and Python unchanged, but
 * refused for training and the tfjs export, at the node, with what to do instead.
 */
import type { AnyLayerDef } from './define';
import { activation } from './layers/activation';
import { add } from './layers/add';
import { alphaDropout } from './layers/alphaDropout';
import { average } from './layers/average';
import { averagePooling1d } from './layers/averagePooling1d';
import { averagePooling2d } from './layers/averagePooling2d';
import { averagePooling3d } from './layers/averagePooling3d';
import { batchNormalization } from './layers/batchNormalization';
import { concatenate } from './layers/concatenate';
import { conv1d } from './layers/conv1d';
import { conv2d } from './layers/conv2d';
import { conv2dTranspose } from './layers/conv2dTranspose';
import { conv3d } from './layers/conv3d';
import { cropping2d } from './layers/cropping2d';
import { dense } from './layers/dense';
import { depthwiseConv2d } from './layers/depthwiseConv2d';
import { dot } from './layers/dot';
import { dropout } from './layers/dropout';
import { elu } from './layers/elu';
import { embedding } from './layers/embedding';
import { flatten } from './layers/flatten';
import { gaussianDropout } from './layers/gaussianDropout';
import { gaussianNoise } from './layers/gaussianNoise';
import { globalAveragePooling1d } from './layers/globalAveragePooling1d';
import { globalAveragePooling2d } from './layers/globalAveragePooling2d';
import { globalMaxPooling1d } from './layers/globalMaxPooling1d';
import { globalMaxPooling2d } from './layers/globalMaxPooling2d';
import { gru } from './layers/gru';
import { input } from './layers/input';
import { layerNormalization } from './layers/layerNormalization';
import { leakyRelu } from './layers/leakyRelu';
import { lstm } from './layers/lstm';
import { masking } from './layers/masking';
import { maximum } from './layers/maximum';
import { maxPooling1d } from './layers/maxPooling1d';
import { maxPooling2d } from './layers/maxPooling2d';
import { maxPooling3d } from './layers/maxPooling3d';
import { minimum } from './layers/minimum';
import { multiply } from './layers/multiply';
import { permute } from './layers/permute';
import { prelu } from './layers/prelu';
import { relu } from './layers/relu';
import { repeatVector } from './layers/repeatVector';
import { rescaling } from './layers/rescaling';
import { reshape } from './layers/reshape';
import { separableConv2d } from './layers/separableConv2d';
import { simpleRnn } from './layers/simpleRnn';
import { softmax } from './layers/softmax';
import { spatialDropout1d } from './layers/spatialDropout1d';
import { thresholdedRelu } from './layers/thresholdedRelu';
import { upSampling2d } from './layers/upSampling2d';
import { zeroPadding2d } from './layers/zeroPadding2d';

/** Every layer type, in palette order within each category. */
export const LAYERS: readonly AnyLayerDef[] = [
  input,
  dense,
  conv1d,
  conv2d,
  conv3d,
  conv2dTranspose,
  separableConv2d,
  depthwiseConv2d,
  maxPooling1d,
  maxPooling2d,
  maxPooling3d,
  averagePooling1d,
  averagePooling2d,
  averagePooling3d,
  globalAveragePooling1d,
  globalMaxPooling1d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  upSampling2d,
  zeroPadding2d,
  cropping2d,
  batchNormalization,
  layerNormalization,
  dropout,
  spatialDropout1d,
  alphaDropout,
  gaussianDropout,
  gaussianNoise,
  flatten,
  reshape,
  permute,
  repeatVector,
  activation,
  relu,
  leakyRelu,
  elu,
  prelu,
  thresholdedRelu,
  softmax,
  add,
  multiply,
  average,
  maximum,
  minimum,
  concatenate,
  dot,
  embedding,
  masking,
  simpleRnn,
  lstm,
  gru,
  rescaling,
];

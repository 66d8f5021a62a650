/**
 * Keras layer classes that tfjs 4.22 itself cannot build (tfjs-layers has no such class), so the
 * catalogue cannot offer them and no model using them can be trained or exported to tfjs. Each
 * comes with what to do instead, in catalogue terms; the importers keep such a layer as an opaque
 * node (layers/opaque.ts) and give this advice, as do its node and the training refusal.
 * (Lambda and TFOpLambda are not listed: they carry arbitrary code, not a missing layer.)
 */
const RESHAPE_1D = 'reshape the (steps, channels) input to (steps, 1, channels), use';
const BACK = ', and reshape back to (steps, channels)';

export const TFJS_CANNOT_BUILD: Readonly<Record<string, string>> = {
  Subtract: 'compute a − b as Add of a and b scaled by −1 (Rescaling with scale −1 on b)',
  UpSampling1D: `${RESHAPE_1D} UpSampling2D with size (n, 1)${BACK}`,
  ZeroPadding1D: `${RESHAPE_1D} ZeroPadding2D with padding ((left, right), (0, 0))${BACK}`,
  Cropping1D: `${RESHAPE_1D} Cropping2D with cropping ((left, right), (0, 0))${BACK}`,
  Conv1DTranspose: `${RESHAPE_1D} Conv2DTranspose with a (k, 1) kernel and (s, 1) strides${BACK}`,
  SeparableConv1D: `${RESHAPE_1D} SeparableConv2D with a (k, 1) kernel${BACK}`,
  SpatialDropout2D:
    'use Dropout instead (it drops single values rather than whole channels), or remove it: it does nothing at inference',
  SpatialDropout3D:
    'use Dropout instead (it drops single values rather than whole channels), or remove it: it does nothing at inference',
  GlobalAveragePooling3D: 'use AveragePooling3D with the whole (depth, height, width) as pool size, then Flatten',
  GlobalMaxPooling3D: 'use MaxPooling3D with the whole (depth, height, width) as pool size, then Flatten',
  UpSampling3D:
    'tfjs has no 3-D upsampling: use Conv3D on a larger input, or rebuild this part in 2-D with UpSampling2D',
  ZeroPadding3D: 'tfjs has no 3-D padding: use padding "same" on the Conv3D or pooling layer that follows',
  Cropping3D: 'tfjs has no 3-D cropping: use padding "valid" on the Conv3D layers before it to shrink the volume',
  GroupNormalization: 'use LayerNormalization (one group) or BatchNormalization',
  ActivityRegularization: 'remove it: it only adds a loss term while training and never changes an output',
  Attention:
    'build dot-product attention from catalogue layers: Dot of query and value (axes [2, 2]) → Softmax → Dot of the scores and value (axes [2, 1])',
  AdditiveAttention:
    'build it from catalogue layers (Dense projections, Add, Activation tanh, Dense with 1 unit, Softmax, Dot), or use dot-product attention: Dot → Softmax → Dot',
  MultiHeadAttention:
    'build each head from Dense projections and Dot → Softmax → Dot, then Concatenate the heads and project them with a Dense',
};

/** The refusal's advice for a class tfjs cannot build: `tfjs 4.22 cannot build Subtract: compute…`. */
export function cannotBuildAdvice(className: string): string | undefined {
  const what = Object.hasOwn(TFJS_CANNOT_BUILD, className) ? TFJS_CANNOT_BUILD[className] : undefined;
  return what === undefined ? undefined : `tfjs 4.22 cannot build ${className}: ${what}`;
}

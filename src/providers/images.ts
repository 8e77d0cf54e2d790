import { type ContentPart } from './types';

/**
 * The images Bedrock's Converse API takes, and how to tell an image's format from its MIME
 * type or file name. Amazon Bedrock API Reference: ImageBlock ("Valid Values: png | jpeg | gif | webp")
 * and Message ("Each image's size, height, and width must be no more than 3.75 MB, 8000 px, and 8000 px").
 */
export type ImageFormat = Extract<ContentPart, { type: 'image' }>['format'];

/** Bedrock's Converse API takes images up to 3.75 MB each. */
export const MAX_IMAGE_BYTES = 3_750_000;

const BY_MIME_TYPE: ReadonlyMap<string, ImageFormat> = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpeg'],
  ['image/jpg', 'jpeg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
]);

const BY_EXTENSION: ReadonlyMap<string, ImageFormat> = new Map([
  ['png', 'png'],
  ['jpg', 'jpeg'],
  ['jpeg', 'jpeg'],
  ['gif', 'gif'],
  ['webp', 'webp'],
]);

/** The format of an image with this MIME type (in any case), or undefined for anything Bedrock does not take as an image. */
export function imageFormatOfMimeType(mimeType: string): ImageFormat | undefined {
  return BY_MIME_TYPE.get(mimeType.toLowerCase());
}

/** The format of an image file, by the extension of its name or path (in any case); undefined for other files. */
export function imageFormatOfPath(path: string): ImageFormat | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION.get(path.slice(dot + 1).toLowerCase());
}

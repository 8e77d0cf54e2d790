import assert from 'node:assert/strict';
import { imageFormatOfMimeType, imageFormatOfPath } from '../../../src/providers/images';

describe('providers: the image formats Bedrock takes', () => {
  it('by MIME type, in any case; other types are not images for Bedrock', () => {
    assert.deepEqual(['image/png', 'IMAGE/JPEG', 'image/jpg', 'image/gif', 'image/webp'].map(imageFormatOfMimeType), ['png', 'jpeg', 'jpeg', 'gif', 'webp']);
    assert.deepEqual(['image/svg+xml', 'image/bmp', 'text/plain', 'cache_control', 'constructor', ''].map(imageFormatOfMimeType), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('by file extension, in any case; other files (and names like "x.constructor") are not images', () => {
    assert.deepEqual(['/w/shot.PNG', 'photo.jpg', 'a/b.c/photo.jpeg', 'anim.gif', 'pic.webp'].map(imageFormatOfPath), ['png', 'jpeg', 'jpeg', 'gif', 'webp']);
    assert.deepEqual(['/w/readme.md', '/w/png', '/w.png/notes', 'x.constructor', 'x.__proto__'].map(imageFormatOfPath), [undefined, undefined, undefined, undefined, undefined]);
  });
});

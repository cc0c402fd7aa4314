import { Testing } from 'cdk8s';
import { parseImage } from '../../src/core/image';
import { digestProblem, isImageProblem, parseImageReference } from '../../src/manifest/image-reference';
import { isDigestPinned, parseImageRef } from '../../src/rules/workload/containers';

const HEX = (n: number) => '0123456789abcdef'.repeat(Math.ceil(n / 16)).slice(0, n);
const REPO = 'registry.example.com/team/api';

/**
 * Which digests pin an image. The kubelet reads `image` with distribution/reference (ParseNormalizedNamed), which checks
 * the digest with go-digest: sha256, sha384 and sha512 only, lowercase hex of the algorithm's length. Anything else is
 * InvalidImageName at pull time, even where the OCI descriptor grammar (`algorithm ":" encoded`) would accept it.
 */
describe('digest validity: one answer for the constructs and the rules', () => {
  const valid: Array<[string, string]> = [
    ['sha256, 64 lowercase hex', `sha256:${HEX(64)}`],
    ['sha384, 96 lowercase hex', `sha384:${HEX(96)}`],
    ['sha512, 128 lowercase hex', `sha512:${HEX(128)}`],
  ];
  const invalid: Array<[string, string, RegExp]> = [
    ['sha256, uppercase hex', `sha256:${HEX(64).toUpperCase()}`, /uppercase hex/],
    ['sha256, 63 hex', `sha256:${HEX(63)}`, /63 hex digits instead of 64/],
    ['sha256, 65 hex', `sha256:${HEX(65)}`, /65 hex digits instead of 64/],
    ['sha256, 40 hex (a git SHA, OCI grammar allows 32+)', `sha256:${HEX(40)}`, /40 hex digits instead of 64/],
    ['sha256, non-hex', `sha256:${'g'.repeat(64)}`, /other than hex/],
    ['sha512 of sha256 length', `sha512:${HEX(64)}`, /64 hex digits instead of 128/],
    ['sha384 uppercase', `sha384:${HEX(96).toUpperCase()}`, /uppercase hex/],
    ['uppercase algorithm', `SHA256:${HEX(64)}`, /"SHA256" is not one runtimes verify/],
    ['md5 (OCI grammar, not verified)', `md5:${HEX(32)}`, /"md5" is not one runtimes verify/],
    ['blake3 (OCI-registered, not in Kubernetes\' go-digest)', `blake3:${HEX(64)}`, /"blake3" is not one runtimes verify/],
    ['algorithm with an encoding suffix (OCI grammar)', `sha256+b64u:${'A'.repeat(43)}`, /is not one runtimes verify/],
    ['no algorithm', HEX(64), /is not one runtimes verify/],
    ['empty algorithm', `:${HEX(64)}`, /is not one runtimes verify/],
  ];

  test.each(valid)('%s is a digest', (_name, digest) => {
    expect(digestProblem(digest)).toBeUndefined();
    const image = `${REPO}@${digest}`;
    expect(parseImageReference(image)).toEqual({ registry: 'registry.example.com', repository: 'team/api', tag: undefined, digest });
    expect(parseImage(Testing.chart(), 'image', image).digest).toBe(digest);
    expect(parseImageRef(image)).toEqual({ tag: undefined, digest });
    expect(isDigestPinned(image)).toBe(true);
    expect(isDigestPinned(`${REPO}:1.4.2@${digest}`)).toBe(true);
  });

  test.each(invalid)('%s pins nothing', (_name, digest, why) => {
    expect(digestProblem(digest)).toMatch(why);
    const image = `${REPO}@${digest}`;
    const parsed = parseImageReference(image);
    expect(isImageProblem(parsed) && parsed.problem).toMatch(why);
    expect(() => parseImage(Testing.chart(), 'image', image)).toThrow(why);
    expect(parseImageRef(image)).toEqual({ problem: expect.stringMatching(why) });
    expect(isDigestPinned(image)).toBe(false);
    // A tag beside a malformed digest is not trusted either: the runtime refuses the whole reference.
    expect(parseImageRef(`${REPO}:1.4.2@${digest}`).tag).toBeUndefined();
  });
});

describe('image reference parsing', () => {
  test.each<[string, { registry: string; repository: string; tag?: string }]>([
    ['nginx:1.27', { registry: 'docker.io', repository: 'nginx', tag: '1.27' }],
    ['library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1' }],
    ['localhost:5000/app:1', { registry: 'localhost:5000', repository: 'app', tag: '1' }],
    ['registry.example.com:5000/x/y:2', { registry: 'registry.example.com:5000', repository: 'x/y', tag: '2' }],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app', tag: '1' }],
    // The kubelet pulls these from the host `Acme` and `LOCALHOST`: an uppercase first component is never a Docker Hub namespace.
    ['Acme/app:1', { registry: 'Acme', repository: 'app', tag: '1' }],
    ['LOCALHOST/app:1', { registry: 'LOCALHOST', repository: 'app', tag: '1' }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toMatchObject(expected);
  });

  test.each<[string, RegExp]>([
    ['registry.example.com/Team/api:1', /uppercase letters in its repository path/],
    ['registry.example.com/team/api:1 ', /not a valid image reference/],
    ['https://registry.example.com/api:1', /not a valid image reference/],
    [`${REPO}@`, /is not one runtimes verify/],
    [`${REPO}@sha256:${HEX(64)}@sha256:${HEX(64)}`, /not a valid image reference/],
  ])('%s is refused', (image, why) => {
    const parsed = parseImageReference(image);
    expect(isImageProblem(parsed) && parsed.problem).toMatch(why);
  });
});

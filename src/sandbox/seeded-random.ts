/** The sandbox's fault injection replays from a seed with the same generator as matching. */
export { seededRandom } from '../matching/random';

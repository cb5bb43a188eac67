import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { isStorableText } from './text-rules.js';

/** Every id the service makes (UUIDs, incident numbers) is far shorter. */
export const MAX_PATH_ID_LENGTH = 64;

/**
 * Path parameters and query values as every database can take them: well-formed text without
 * NUL (PostgreSQL refuses `/users/a%00b` with an encoding error, SQLite does not), and path ids
 * no longer than any id the service makes, so both databases give the same answer: 400 here,
 * or 404 for an id that is merely unknown. Bodies get the same check on their raw bytes
 * (json-body-scan.ts); headers cannot hold NUL (Node's parser refuses it).
 */
@Injectable()
export class RouteTextPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'param' && typeof value === 'string') {
      if (!isStorableText(value)) throw refused(data ?? 'path');
      if (value.length > MAX_PATH_ID_LENGTH) throw new BadRequestException(`${data ?? 'path'} must be at most ${MAX_PATH_ID_LENGTH} characters`);
    }
    if (type === 'query' && value !== null && typeof value === 'object') {
      for (const [name, entry] of Object.entries(value)) {
        if (!isStorableText(name)) throw new BadRequestException('query parameter names must be well-formed text without NUL characters');
        const texts: unknown[] = Array.isArray(entry) ? entry : [entry];
        if (texts.some((text) => typeof text === 'string' && !isStorableText(text))) throw refused(name);
      }
    } else if (type === 'query' && typeof value === 'string' && !isStorableText(value)) {
      throw refused(data ?? 'query parameter');
    }
    return value;
  }
}

const refused = (name: string) => new BadRequestException(`${name} must be well-formed text without NUL characters`);

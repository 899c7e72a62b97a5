import { Injectable } from '@nestjs/common';
import type { ParticipantView } from './views/participant.view.js';

/** Application service behind `GET /v1/participants`. */
@Injectable()
export class ParticipantDirectoryService {
  list(): Promise<ParticipantView[]> {
    throw new Error('not implemented: list');
  }
}

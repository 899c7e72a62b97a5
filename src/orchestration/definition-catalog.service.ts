import { Injectable } from '@nestjs/common';
import type { DefinitionView } from './views/definition.view.js';

/** Application service behind the definition endpoints. */
@Injectable()
export class DefinitionCatalogService {
  /** The latest version of every definition, by name. */
  list(): Promise<DefinitionView[]> {
    throw new Error('not implemented: list');
  }

  /** The latest version of one definition. @throws DefinitionNotFoundError */
  get(name: string): Promise<DefinitionView> {
    throw new Error(`not implemented: get ${name}`);
  }
}

import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../config/app-config.js';
import { NoSagaArchive } from '../orchestration/ports/saga-archive.port.js';
import type { SagaService } from '../orchestration/sagas/saga.service.js';
import { FileSagaArchive } from './file-saga-archive.js';
import { sagaArchiveFor } from './saga-archive.module.js';

const sagas = {} as SagaService;

describe('sagaArchiveFor', () => {
  it('archives nothing when ARCHIVE_DIR is unset or empty', () => {
    for (const env of [{}, { ARCHIVE_DIR: '' }]) {
      const archive = sagaArchiveFor(loadAppConfig(env), sagas);
      expect(archive).toBeInstanceOf(NoSagaArchive);
      expect(archive.enabled).toBe(false);
    }
  });

  it('writes files to ARCHIVE_DIR when it is set', () => {
    const archive = sagaArchiveFor(loadAppConfig({ ARCHIVE_DIR: '/var/lib/saga-archive', ARCHIVE_FILE_MAX_BYTES: '1048576' }), sagas);
    expect(archive).toBeInstanceOf(FileSagaArchive);
    expect(archive.enabled).toBe(true);
  });
});

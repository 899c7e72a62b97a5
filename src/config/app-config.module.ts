import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';

/** Provides the typed, validated `AppConfig` app-wide. */
@Module({})
export class AppConfigModule {
  /**
   * The configuration the entry point parsed (`loadAppConfig()` in main.ts, once, before
   * anything connects; tests build their own). No module reads the environment itself.
   */
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

import { buildReferenceApp } from './app';

buildReferenceApp().app.synth();

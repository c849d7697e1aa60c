import { describeStores } from '../helpers/stores.js';
import { calendarServiceSuite } from './service-suite.js';

describeStores('calendar service', (get) => calendarServiceSuite(get));

/** Package metadata shared by every Statecraft package. */
export const repository = 'https://github.com/statecraft-dev/statecraft.git';
export const author = 'Statecraft';
export const authorAddress = 'maintainers@statecraft.dev';
export const license = 'Apache-2.0';
/** Where the Go bindings would be published (one module, one package per library). */
export const goModule = 'github.com/statecraft-dev/statecraft-go';

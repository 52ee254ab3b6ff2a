// Arguments given to the runner reach main() through semihosting: exits with status 7.
#include "platform.h"

int main(int argc, char** argv) {
  cmnn::platform::print("argc=%d argv1=%s argv2=%s\n", argc, argc > 1 ? argv[1] : "-", argc > 2 ? argv[2] : "-");
  return 7;
}

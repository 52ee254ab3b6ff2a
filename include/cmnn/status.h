// Status codes returned by every cmnn entry point. Kernels never throw and never abort: a bad
// parameter is reported here, before any memory is touched.
#pragma once
#include <cstdint>

namespace cmnn {

enum class Status : int32_t {
  kOk = 0,
  kNullPointer = 1,      // a required buffer pointer is null
  kBadShape = 2,         // dimensions that are zero, negative, inconsistent or overflow int32 sizes
  kBadParameter = 3,     // quantization, stride, padding, activation range ... out of the op's contract
  kScratchTooSmall = 4,  // the caller's scratch buffer is smaller than the variant's scratch_bytes()
  kUnsupported = 5,      // no variant of the op supports these parameters (or the requested one does not)
  kNotInitialized = 6,   // a generated model's invoke() before a successful init()
};

constexpr const char* status_name(Status s) {
  switch (s) {
    case Status::kOk: return "ok";
    case Status::kNullPointer: return "null pointer";
    case Status::kBadShape: return "bad shape";
    case Status::kBadParameter: return "bad parameter";
    case Status::kScratchTooSmall: return "scratch too small";
    case Status::kUnsupported: return "unsupported";
    case Status::kNotInitialized: return "not initialized";
  }
  return "unknown status";
}

}  // namespace cmnn

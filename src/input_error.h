// Bad input from a user (a flag, a config file, a data file): experiments report it as one line
// on stderr and exit with status 2. The message names the flag and what is accepted.
#pragma once

#include <stdexcept>
#include <string>

namespace corelink {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace corelink

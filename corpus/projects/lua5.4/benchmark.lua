-- Fixed workloads for the lua5.4 speed benchmark (benchmark.sh): each prints a checksum, so a
-- miscompiled interpreter changes the output. Sized for about 300 million instructions.

-- Binary trees: allocation, the garbage collector, recursion.
local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local nodes = 0
for depth = 4, 12, 2 do
  for _ = 1, 2 ^ (12 - depth) do nodes = nodes + check(bottom_up(depth)) end
end
print("binary-trees", nodes)

-- Fannkuch: integer arrays, tight loops.
local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  local max_flips, checksum, sign = 0, 0, 1
  for i = 0, n - 1 do perm1[i] = i end
  local r = n
  while true do
    while r ~= 1 do count[r - 1] = r; r = r - 1 end
    for i = 0, n - 1 do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[0]
    while k ~= 0 do
      local i, j = 0, k
      while i < j do perm[i], perm[j] = perm[j], perm[i]; i = i + 1; j = j - 1 end
      flips = flips + 1
      k = perm[0]
    end
    if flips > max_flips then max_flips = flips end
    checksum = checksum + sign * flips
    sign = -sign
    while true do
      if r == n then return checksum, max_flips end
      local first = perm1[0]
      for i = 0, r - 1 do perm1[i] = perm1[i + 1] end
      perm1[r] = first
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
  end
end
print("fannkuch", fannkuch(7))

-- N-body: floating point, field access.
local function nbody(steps)
  local pi, days = math.pi, 365.24
  local mass = 4 * pi * pi
  local bodies = {
    { x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, m = mass },
    { x = 4.84, y = -1.16, z = -0.10, vx = 0.606 * days, vy = 2.81 * days, vz = -0.02 * days, m = 9.5e-4 * mass },
    { x = 8.34, y = 4.12, z = -0.40, vx = -1.01 * days, vy = 1.82 * days, vz = 0.008 * days, m = 2.85e-4 * mass },
    { x = 12.89, y = -15.11, z = -0.22, vx = 1.08 * days, vy = 0.868 * days, vz = -0.01 * days, m = 4.36e-5 * mass },
    { x = 15.37, y = -25.91, z = 0.17, vx = 0.979 * days, vy = 0.594 * days, vz = -0.034 * days, m = 5.15e-5 * mass },
  }
  local dt = 0.01
  for _ = 1, steps do
    for i = 1, #bodies do
      local a = bodies[i]
      for j = i + 1, #bodies do
        local b = bodies[j]
        local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = dt / (d2 * math.sqrt(d2))
        a.vx = a.vx - dx * b.m * mag; a.vy = a.vy - dy * b.m * mag; a.vz = a.vz - dz * b.m * mag
        b.vx = b.vx + dx * a.m * mag; b.vy = b.vy + dy * a.m * mag; b.vz = b.vz + dz * a.m * mag
      end
    end
    for _, b in ipairs(bodies) do b.x = b.x + dt * b.vx; b.y = b.y + dt * b.vy; b.z = b.z + dt * b.vz end
  end
  local energy = 0
  for i, a in ipairs(bodies) do
    energy = energy + 0.5 * a.m * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, #bodies do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      energy = energy - a.m * b.m / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return string.format("%.9f", energy)
end
print("n-body", nbody(4000))

-- Strings and tables: string.format, gsub, concatenation, hashing, sorting.
math.randomseed(42)
local words, counts = {}, {}
for i = 1, 4000 do
  local word = string.format("w%x", math.random(1, 1000))
  words[#words + 1] = word
  counts[word] = (counts[word] or 0) + 1
end
local text = table.concat(words, " ")
local vowels = select(2, text:gsub("[aeiou]", ""))
local keys = {}
for word in pairs(counts) do keys[#keys + 1] = word end
table.sort(keys, function(a, b) if counts[a] ~= counts[b] then return counts[a] > counts[b] end return a < b end)
local digest = 0
for i = 1, #text do digest = (digest * 31 + text:byte(i)) % 2147483647 end
print("strings", #keys, keys[1], counts[keys[1]], vowels, digest)

-- Closures, varargs, metatables and coroutines.
local Vector = {}
Vector.__index = Vector
Vector.__add = function(a, b) return setmetatable({ a[1] + b[1], a[2] + b[2] }, Vector) end
local acc = setmetatable({ 0, 0 }, Vector)
local producer = coroutine.wrap(function()
  for i = 1, 6000 do coroutine.yield(setmetatable({ i % 7, i % 11 }, Vector)) end
  return nil
end)
local function sum(...) local s = 0 for _, v in ipairs({ ... }) do s = s + v end return s end
for v in producer do acc = acc + v end
print("closures", acc[1], acc[2], sum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))

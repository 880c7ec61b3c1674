-- search.lua: a wrk script that rotates through realistic name searches,
-- typed the way people type them: without diacritics, family name first,
-- often cut short.  The path prefix comes after "--" on wrk's command
-- line and the query is appended, URL-encoded:
--
--   wrk ... -s bench/search.lua http://127.0.0.1:PORT -- '/people?q='
--
-- Headers given with -H (bearer token, cookie) go with every request.

local queries = {
	"nguyen van", "tran thi h", "le", "pham minh anh", "nguyen thi thu",
	"hoang", "vu duc", "dang thi", "bui van hung", "do ngoc",
	"ho thi lan", "ngo quang", "duong", "nguyen van dung", "tran",
	"le thi huong", "phan thanh", "vo van", "huynh thi mai", "dinh cong",
	"nguyen thi minh anh", "le van nam", "truong", "pham thi ngoc",
	"nguyen h", "tran van", "mai", "doan xuan", "trinh thi", "ly",
}

local prefix = "/api/v1/people?per=50&q="
local n = 0
local threads = 0

function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

local function encode(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

function init(args)
	if args[1] ~= nil then
		prefix = args[1]
	end
	-- threads start at different places in the list
	n = ((id or 0) * 7) % #queries
end

function request()
	n = n % #queries + 1
	return wrk.format("GET", prefix .. encode(queries[n]))
end

// thidua: pages work without this file; it only adds small comforts.
// Ask before a destructive action.
document.addEventListener("submit", function (ev) {
	var b = ev.submitter;
	if (b && b.classList.contains("danger") &&
	    !window.confirm("Bạn chắc chắn muốn " + b.textContent.trim().toLowerCase() + "?"))
		ev.preventDefault();
});
// Refuse a file over the server's limit before sending it.
document.addEventListener("change", function (ev) {
	var f = ev.target;
	if (f.type !== "file" || !f.dataset.max || !f.files.length)
		return;
	f.setCustomValidity(f.files[0].size > Number(f.dataset.max) ?
	    "Tệp quá lớn: tối đa " + Math.round(f.dataset.max / 1048576) + " MB" : "");
	f.reportValidity();
});

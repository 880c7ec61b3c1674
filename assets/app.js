// thidua: pages work without this file; it only adds small comforts.
// Ask before a destructive action.
document.addEventListener("submit", function (ev) {
	var b = ev.submitter;
	if (b && b.classList.contains("danger") &&
	    !window.confirm("Bạn chắc chắn muốn " + b.textContent.trim().toLowerCase() + "?"))
		ev.preventDefault();
});
